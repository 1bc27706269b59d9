using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Files;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/firmware</c>: upload (the raw image as the body), list and delete firmware images. Images are
/// served to phones by the file server at <c>/firmware/{sha256 or file name}</c>.</summary>
internal static class FirmwareEndpoints
{
    public static RouteGroupBuilder MapFirmware(this RouteGroupBuilder api)
    {
        api.MapPost("/firmware", UploadAsync).WithName("UploadFirmware")
            .WithSummary("Upload an image (raw body, our firmware format); models and version come from its verified header, or from "
                + "?models=A,B&version=V (both given: a vendor load without our header is accepted too, unless Acs:Firmware:TrustedKeys is set). "
                + "201 with {id, sha256, size, version, models}; 200 when the same image is stored already. "
                + "409 naming the image that holds the file name or (models, version) already, unless ?replace=true (audited; the earlier image "
                + "stays stored by id for the campaigns created with it). With Acs:Firmware:TrustedKeys, an unsigned or wrongly signed image is a 400 "
                + "saying why. Any Content-Type is accepted. Role: operator.");
        api.MapGet("/firmware", ListAsync).WithName("ListFirmware").WithSummary("Stored firmware images, oldest first.");
        api.MapGet("/firmware/{id}", GetAsync).WithName("GetFirmware").WithSummary("One stored image.");
        api.MapDelete("/firmware/{id}", DeleteAsync).WithName("DeleteFirmware")
            .WithSummary("Delete an image and its file; 409 while a campaign that is not finished installs it.");
        return api;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, string? models, string? version, FirmwareStore store, AcsOptions options,
        AuditLog audit, CancellationToken cancellationToken)
    {
        if (FirmwareQuery.Problem(models, version, out var metadata) is { } problem)
        {
            return problem;
        }
        if (!QueryValues.TryBool(http.Request.Query["replace"], "replace", out var replace, out var replaceError))
        {
            return ApiProblems.Invalid("replace", replaceError!);
        }
        // Kestrel's global limit suits API bodies; an image may be as large as Acs:MaxFirmwareBytes.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxFirmwareBytes + 1;
        }
        try
        {
            var (record, created, replaced) = await store.AddAsync(http.Request.Body, metadata, replace, cancellationToken);
            if (!created && FirmwareQuery.Differs(metadata, record) is { } difference)
            {
                return TypedResults.Problem($"This image is stored already with {difference}; delete it first to store it with other models or version.",
                    statusCode: StatusCodes.Status409Conflict, title: "Image stored with other metadata");
            }
            foreach (var old in replaced)
            {
                // Who swapped what a name serves is a security event of its own, beside the upload's entry.
                await audit.RecordAsync(new AuditEntry(http.User.Operator()?.Actor ?? "anonymous", "firmware.replaced", $"firmware:{old.Id}",
                    StatusCodes.Status201Created, http.Connection.RemoteIpAddress?.ToString(),
                    $"{old.FileName ?? "version " + old.Version} (version {old.Version}) now served from {record.Id}"), cancellationToken);
            }
            if (replaced.Count > 0)
            {
                http.Items[AuditMiddleware.DetailKey] = $"replaced {string.Join(", ", replaced.Select(r => r.Id))}";
            }
            var body = Body(record, http);
            return created ? TypedResults.Created($"/api/firmware/{record.Id}", body) : TypedResults.Ok(body);
        }
        catch (FirmwareNameConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Firmware name taken",
                extensions: new Dictionary<string, object?> { ["existingId"] = ex.Existing.Id, ["existingFileName"] = ex.Existing.FileName });
        }
        catch (FirmwareImageException ex)
        {
            return ApiProblems.Invalid("body", $"Not a valid firmware image ({ex.Kind}): {ex.Message}"
                + (ex.Kind == FirmwareErrorKind.WrongMagic ? ". A vendor load without our header is stored when both ?models= and ?version= are given." : ""));
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

    private static async Task<IResult> DeleteAsync(string id, FirmwareStore store, Campaigns.CampaignStore campaigns, CancellationToken cancellationToken)
    {
        if (await campaigns.FindActiveUsingAsync(id, cancellationToken) is { } campaign)
        {
            return TypedResults.Problem(
                $"Firmware image {id} is installed by campaign {campaign.Id} ('{campaign.Name}'), which is {campaign.Status}; cancel it or let it finish first.",
                statusCode: StatusCodes.Status409Conflict, title: "Image in use by a campaign");
        }
        return await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    private static IResult NotFound(string id)
        => TypedResults.Problem($"No firmware image with id '{id}' is stored; ids are the images' SHA-256 as listed by GET /api/firmware.",
            statusCode: StatusCodes.Status404NotFound, title: "Unknown firmware image");

    private static FirmwareBody Body(FirmwareRecord r, HttpContext http)
        => new(r.Id, r.Id, r.Size, r.Version, r.Models, r.FileName, r.Signed, ApiTime.From(r.Created), $"/firmware/{r.FileName ?? r.Id}", r.ReplacedBy);

    /// <summary>A stored image as the API shows it; <c>path</c> is where the file server serves it; <c>replacedBy</c> the image that
    /// took its name (it is then served by id only).</summary>
    private sealed record FirmwareBody(string Id, string Sha256, long Size, string Version, IReadOnlyList<string> Models, string? FileName,
        bool Signed, DateTimeOffset Created, string Path, string? ReplacedBy);
}
