namespace TR069Acs.Server.Security;

/// <summary>A stored secret cannot be decrypted: the key ring in use does not hold the key that encrypted it (the keys
/// directory was lost, not restored with the database, or not shared with this node).</summary>
public sealed class SecretKeyRingException : InvalidOperationException
{
    /// <summary>Creates the exception with the message an operator acts on.</summary>
    public SecretKeyRingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
