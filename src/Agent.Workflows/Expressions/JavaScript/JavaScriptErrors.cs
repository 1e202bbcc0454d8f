using System.Text.Json;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>Turns what Jint throws into the reason part of an <see cref="ExpressionException"/> message.</summary>
internal static class JavaScriptErrors
{
    /// <summary>The reason, or null when <paramref name="exception"/> is not an evaluation failure and must propagate.</summary>
    public static string? Describe(Exception exception, JavaScriptOptions options) => exception switch
    {
        TimeoutException or RegexMatchTimeoutException => TimedOut(options),
        MemoryLimitExceededException or OutOfMemoryException => MemoryExceeded(options),
        RecursionDepthOverflowException or InsufficientExecutionStackException =>
            $"recursion too deep (more than {options.RecursionLimit} nested calls)",
        StatementsCountOverflowException => $"statement limit exceeded (more than {options.MaxStatements} statements)",
        JavaScriptException js => DescribeThrown(js),
        PromiseRejectedException rejected => DescribeRejected(rejected, options),
        FormatException format => "the result cannot be used: " + format.Message,
        ExpressionException or ArgumentException or InvalidOperationException => exception.Message,
        JintException jint => jint.Message,
        _ => null,
    };

    /// <summary>The reason given when the time limit is hit.</summary>
    public static string TimedOut(JavaScriptOptions options) => $"timed out after {options.TimeoutMs} ms";

    /// <summary>The reason given when the memory limit is hit.</summary>
    public static string MemoryExceeded(JavaScriptOptions options) =>
        $"memory limit exceeded (the script may allocate {options.MemoryLimitBytes} bytes)";

    private static string DescribeThrown(JavaScriptException exception)
    {
        var error = DescribeValue(exception.Error);
        if (string.IsNullOrEmpty(error)) error = exception.Message;
        var start = exception.Location.Start;
        // Jint reports columns from 0; people count from 1.
        return start.Line > 0 ? $"{error} (line {start.Line}, column {start.Column + 1})" : error;
    }

    private static string DescribeRejected(PromiseRejectedException exception, JavaScriptOptions options)
    {
        // Jint rejects a promise that never settles with a "Timeout of …" string once PromiseTimeout has passed.
        var value = exception.RejectedValue;
        if (value.IsString() && value.AsString().StartsWith("Timeout of", StringComparison.Ordinal))
            return TimedOut(options) + " waiting for the returned promise";
        return "the returned promise was rejected: " + DescribeValue(value);
    }

    /// <summary>
    /// An Error reads as its own text ("ReferenceError: foo is not defined"); anything else a script throws
    /// reads as JSON, so <c>throw {code: 5}</c> shows <c>threw {"code":5}</c> rather than <c>[object Object]</c>.
    /// </summary>
    private static string DescribeValue(JsValue value)
    {
        if (value is JsError) return value.ToString();
        try
        {
            return "threw " + JsonSerializer.Serialize(JsMarshaller.ToPlain(value), PlainValues.JsonOptions);
        }
        catch (Exception ex) when (ex is FormatException or JintException or TimeoutException)
        {
            // Only a description is at stake here; the original failure is what gets reported.
            return "threw " + value;
        }
    }
}
