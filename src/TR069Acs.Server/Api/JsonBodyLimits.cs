using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace TR069Acs.Server.Api;

/// <summary>Reads the body of every JSON route of the API before its handler does (issue 16: operator mistakes are 4xx,
/// never 500): a body over <see cref="MaxBytes"/> is 413 and one that is not UTF-8 is 400, each a problem naming what is
/// wrong; a valid body is handed on in memory. Runs after authorization, so an anonymous client cannot make the ACS
/// buffer anything. The firmware upload (a raw image of up to Acs:MaxFirmwareBytes) streams and is left alone.</summary>
internal sealed class JsonBodyLimits(RequestDelegate next)
{
    /// <summary>1 MiB: the largest real request (a configuration of a few thousand parameters, a campaign with its device
    /// list) is a few hundred KiB; it is also Kestrel's default body limit.</summary>
    public const int MaxBytes = 1 << 20;

    private const string RawBodyEndpoint = "UploadFirmware";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HasJsonBody(context))
        {
            await next(context);
            return;
        }
        // This middleware enforces MaxBytes itself; Kestrel's limit is raised to the drain bound so that a too-large body
        // can be read to its end before the 413 (settable only before the body is read).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = DrainBytes;
        }
        if (request.ContentLength > MaxBytes)
        {
            await TooLargeAsync(context);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(MaxBytes + 1, (int)(request.ContentLength ?? 16 * 1024) + 1));
        var count = 0;
        try
        {
            try
            {
                while (true)
                {
                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = await request.Body.ReadAsync(buffer.AsMemory(count, Math.Min(buffer.Length, MaxBytes + 1) - count), context.RequestAborted);
                    if (read == 0)
                    {
                        break;
                    }
                    count += read;
                    if (count > MaxBytes)
                    {
                        await TooLargeAsync(context);
                        return;
                    }
                }
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await TooLargeAsync(context);
                return;
            }
            if (InvalidUtf8At(buffer.AsSpan(0, count)) is { } offset)
            {
                await TypedResults.Problem(
                    $"The body is not valid UTF-8 (an invalid byte sequence at byte {offset}); JSON must be sent as UTF-8 (RFC 8259 §8.1).",
                    statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid").ExecuteAsync(context);
                return;
            }
            request.Body = new MemoryStream(buffer[..count], writable: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await next(context);
    }

    private static bool HasJsonBody(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            || !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.GetEndpoint() is not { } endpoint
            || endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == RawBodyEndpoint)
        {
            return false;
        }
        return request.ContentLength is > 0
            || (request.ContentLength is null && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
    }

    /// <summary>How much of a too-large body is read and dropped before the 413, and for how long at most. A client
    /// still sending when the server answers and closes may see a reset instead of the answer (a streamed upload does
    /// under load); draining lets it finish and read why. Bounded: only an authenticated operator gets here, and past
    /// these the 413 goes out anyway.</summary>
    internal const int DrainBytes = 16 * MaxBytes;

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    private static async Task TooLargeAsync(HttpContext context)
    {
        await DrainAsync(context);
        await TypedResults.Problem(
            $"The body is larger than the limit of {MaxBytes} bytes (1 MiB) for JSON requests; send fewer items per request.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large").ExecuteAsync(context);
    }

    private static async Task DrainAsync(HttpContext context)
    {
        if (context.Request.ContentLength > DrainBytes)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTime);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long drained = 0;
            int read;
            while (drained < DrainBytes && (read = await context.Request.Body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // Past the bound, or the client went away: answer anyway.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int? InvalidUtf8At(ReadOnlySpan<byte> body)
    {
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return null;
        }
        var offset = 0;
        while (offset < body.Length)
        {
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }
}
