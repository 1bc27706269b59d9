using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TR069Acs.Server.Files;

/// <summary><c>/firmware/{sha256-or-file-name}</c> on the file server: the stored image with HEAD, a strong ETag (the
/// SHA-256) and Range requests, so a phone can resume an interrupted download.</summary>
internal sealed class FirmwareFiles(FirmwareStore store, FirmwareAccess access)
{
    public async Task HandleAsync(HttpContext http, string name)
    {
        var cancellationToken = http.RequestAborted;
        if (name.Length is 0 or > 255 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name is "." or ".." || name.Any(char.IsControl))
        {
            await FileResponses.TextAsync(http, StatusCodes.Status400BadRequest, "Refused: a firmware name is one file name (its SHA-256 or e.g. sip88xx.12-0-1.loads), without '/', '\\' or '..'.");
            return;
        }
        var record = FirmwareStore.IsSha256(name)
            ? await store.GetAsync(name, cancellationToken)
            : await store.FindByFileNameAsync(name, cancellationToken);
        var path = record is null ? null : await store.LocalCopyAsync(record.Id, cancellationToken);
        if (record is null || path is null)
        {
            await FileResponses.TextAsync(http, StatusCodes.Status404NotFound, $"No firmware image '{name}' is stored.");
            return;
        }
        if (!await access.AuthorizeAsync(http, record))
        {
            return;
        }
        var result = Results.File(path, "application/octet-stream", fileDownloadName: null,
            lastModified: DateTimeOffset.FromUnixTimeMilliseconds(record.Created), entityTag: new EntityTagHeaderValue($"\"{record.Id}\""),
            enableRangeProcessing: true);
        await result.ExecuteAsync(http);
    }
}
