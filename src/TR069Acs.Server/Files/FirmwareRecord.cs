namespace TR069Acs.Server.Files;

/// <summary>A stored firmware image: its id is the SHA-256 of the whole image (lower-case hex), which also names the
/// file under <c>DataDirectory/firmware/</c>.</summary>
/// <param name="Id">SHA-256 of the image.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Version">The version from the image header.</param>
/// <param name="Models">The models from the image header.</param>
/// <param name="FileName">The name phones ask for (the model's firmware file pattern), if a catalogue model is listed.</param>
/// <param name="Signed">True when the header carries a signature.</param>
/// <param name="Created">When it was uploaded (Unix milliseconds).</param>
/// <param name="ReplacedBy">The image that took its name and version (<c>?replace=true</c>), if any; it stays stored by id.</param>
internal sealed record FirmwareRecord(string Id, long Size, string Version, IReadOnlyList<string> Models, string? FileName, bool Signed, long Created,
    string? ReplacedBy = null);

/// <summary>The outcome of an upload: the image, whether it is new, and the images it took the name of.</summary>
internal sealed record FirmwareUpload(FirmwareRecord Record, bool Created, IReadOnlyList<FirmwareRecord> Replaced);

/// <summary>An upload's file name or (models, version) belongs to another image (HTTP 409).</summary>
internal sealed class FirmwareNameConflictException(FirmwareRecord existing, string message) : Exception(message)
{
    public FirmwareRecord Existing { get; } = existing;
}
