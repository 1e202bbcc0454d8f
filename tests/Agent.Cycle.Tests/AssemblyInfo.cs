// The cycles run real git, node and dotnet in their own temp folders; every test method may run beside another.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
