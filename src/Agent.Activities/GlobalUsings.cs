// The activity model and the execution context are what every activity file starts from; imported once here.
global using System.ComponentModel.DataAnnotations;
global using Agent.Workflows.Activities;
global using Agent.Workflows.Execution;
