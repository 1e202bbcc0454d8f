[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

// The tests drive Linux processes (/proc, signals, Unix file modes); they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
