namespace Agent.Activities; internal static class AssemblyMarker { }
