using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Files;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/firmware</c>: upload (the raw image as the body), list and delete firmware images. Images are
/// served to phones by the file server at <c>/firmware/{sha256 or file name}</c>.</summary>
internal static class FirmwareEndpoints
{
    public static RouteGroupBuilder MapFirmware(this RouteGroupBuilder api)
    {
        api.MapPost("/firmware", UploadAsync).WithName("UploadFirmware")
            .WithSummary("Upload an image (raw body, our firmware format); models and version come from its verified header. "
                + "201 with {id, sha256, size, version, models}; 200 when the same image is stored already. Any Content-Type is accepted.");
        api.MapGet("/firmware", ListAsync).WithName("ListFirmware").WithSummary("Stored firmware images, oldest first.");
        api.MapGet("/firmware/{id}", GetAsync).WithName("GetFirmware").WithSummary("One stored image.");
        api.MapDelete("/firmware/{id}", DeleteAsync).WithName("DeleteFirmware").WithSummary("Delete an image and its file.");
        return api;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, FirmwareStore store, AcsOptions options, CancellationToken cancellationToken)
    {
        // Kestrel's global limit suits API bodies; an image may be as large as Acs:MaxFirmwareBytes.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxFirmwareBytes + 1;
        }
        try
        {
            var (record, created) = await store.AddAsync(http.Request.Body, cancellationToken);
            var body = Body(record, http);
            return created ? TypedResults.Created($"/api/firmware/{record.Id}", body) : TypedResults.Ok(body);
        }
        catch (FirmwareImageException ex)
        {
            return ApiProblems.Invalid("body", $"Not a valid firmware image ({ex.Kind}): {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.Problem($"The upload was refused: {ex.Message}.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Image too large");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem($"The upload was refused: larger than Acs:MaxFirmwareBytes ({options.MaxFirmwareBytes} bytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Image too large");
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, FirmwareStore store, CancellationToken cancellationToken)
        => TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(r => Body(r, http)).ToList());

    private static async Task<IResult> GetAsync(string id, HttpContext http, FirmwareStore store, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { } record ? TypedResults.Ok(Body(record, http)) : NotFound(id);

    private static async Task<IResult> DeleteAsync(string id, FirmwareStore store, CancellationToken cancellationToken)
        => await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static IResult NotFound(string id)
        => TypedResults.Problem($"No firmware image with id '{id}' is stored; ids are the images' SHA-256 as listed by GET /api/firmware.",
            statusCode: StatusCodes.Status404NotFound, title: "Unknown firmware image");

    private static FirmwareBody Body(FirmwareRecord r, HttpContext http)
        => new(r.Id, r.Id, r.Size, r.Version, r.Models, r.FileName, r.Signed, ApiTime.From(r.Created), $"/firmware/{r.FileName ?? r.Id}");

    /// <summary>A stored image as the API shows it; <c>path</c> is where the file server serves it.</summary>
    private sealed record FirmwareBody(string Id, string Sha256, long Size, string Version, IReadOnlyList<string> Models, string? FileName,
        bool Signed, DateTimeOffset Created, string Path);
}
