using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
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

    private static Task TooLargeAsync(HttpContext context)
        => TypedResults.Problem(
            $"The body is larger than the limit of {MaxBytes} bytes (1 MiB) for JSON requests; send fewer items per request.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large").ExecuteAsync(context);

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
