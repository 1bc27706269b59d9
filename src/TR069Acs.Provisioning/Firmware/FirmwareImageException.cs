namespace TR069Acs.Provisioning.Firmware;

/// <summary>
/// A firmware image that must not be installed. TR-069 agents report <see cref="FirmwareErrorKind.WrongModel"/> as a
/// transfer failure (9010) and every other kind as a corrupted file (9018).
/// </summary>
public sealed class FirmwareImageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FirmwareImageException(FirmwareErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>The class of problem.</summary>
    public FirmwareErrorKind Kind { get; }
}
