namespace TR069Acs.Provisioning.Crypto;

/// <summary>A profile that could not be decrypted or decompressed; nothing of it may be applied.</summary>
public sealed class ProfileCodecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProfileCodecException(ProfileCodecError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    /// <summary>The class of failure.</summary>
    public ProfileCodecError Error { get; }
}
