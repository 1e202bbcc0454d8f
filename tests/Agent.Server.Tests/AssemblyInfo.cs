// Each test class starts its own server or CLI on its own folder and database; two at a time suits this 2-core machine.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
