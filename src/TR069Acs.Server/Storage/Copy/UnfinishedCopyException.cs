namespace TR069Acs.Server.Storage.Copy;

/// <summary><c>acs serve</c> was started on a database that an <c>acs db copy</c> has not finished (issue 10 §4).</summary>
public sealed class UnfinishedCopyException : InvalidOperationException
{
    /// <summary>Creates the exception with the message an operator acts on.</summary>
    public UnfinishedCopyException(string message)
        : base(message)
    {
    }
}
