namespace Agent.Activities.Research.Http;

/// <summary>
/// An outside service could not give an answer: it is down, too slow, refused the call (quota, rate limit, back-off) or
/// answered something that could not be read. The message says which service, what went wrong and what to do.
/// </summary>
public sealed class OutboundHttpException : Exception
{
    /// <summary>Creates the error for <paramref name="service"/>.</summary>
    public OutboundHttpException(string service, string message, Exception? inner = null) : base($"{service}: {message}", inner)
    {
        Service = service;
    }

    /// <summary>The service's name, e.g. <c>Stack Exchange</c>.</summary>
    public string Service { get; }
}
