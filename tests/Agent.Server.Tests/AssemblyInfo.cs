// Each test class starts its own server on its own database; two at a time suits this 2-core machine.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
