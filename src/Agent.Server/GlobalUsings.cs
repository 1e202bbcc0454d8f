// Every verb is a System.CommandLine command; imported once here.
global using System.CommandLine;
