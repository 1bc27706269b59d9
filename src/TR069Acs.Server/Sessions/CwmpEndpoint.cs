using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Sessions;

/// <summary>The HTTP side of the CWMP endpoint: method, path and body checks, then the message to
/// <see cref="SessionEngine"/>. Bad input never reaches the database.</summary>
internal sealed partial class CwmpEndpoint(SessionEngine engine, SessionRegistry registry, AcsOptions options, Storage.AcsDatabase database,
    ILogger<CwmpEndpoint> logger)
{
    private const int InitialBufferBytes = 8 * 1024;

    private readonly CwmpReaderOptions _readerOptions = new()
    {
        MaxBodyBytes = options.MaxBodyBytes,
        MaxParameterValueChars = options.MaxParameterValueChars,
        MaxInformParameters = options.MaxInformParameters,
    };

    // Over-limit messages come in floods (a buggy fleet, a prober): the first of each minute is logged, the rest counted.
    private readonly Hosting.BurstLog _overLimit = new(TimeSpan.FromMinutes(1));
    private readonly Hosting.BurstLog _busy = new(TimeSpan.FromMinutes(1));
    private readonly Hosting.BurstLog _badRequest = new(TimeSpan.FromMinutes(1));
    private readonly PathString _path = new(NormalizePath(options.CwmpPath));

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!PathMatches(request.Path))
        {
            await CwmpHttp.TextAsync(context, StatusCodes.Status404NotFound, $"No CWMP endpoint at {request.Path}; the ACS URL path is {_path}.");
            return;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers[HeaderNames.Allow] = "POST";
            await CwmpHttp.TextAsync(context, StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed here: CWMP uses HTTP POST (TR-069 3.4).");
            return;
        }
        if (request.ContentLength > options.MaxBodyBytes)
        {
            LogTooLarge(context);
            await TooLargeAsync(context);
            return;
        }

        using var body = new PooledBody();
        try
        {
            if (!await body.FillAsync(request.Body, options.MaxBodyBytes, context.RequestAborted))
            {
                LogTooLarge(context);
                await TooLargeAsync(context);
                return;
            }
            var session = registry.Find(request.Cookies[CwmpHttp.CookieName], context.Connection.Id);
            if (session is not null)
            {
                switch (await engine.AdmitAsync(context, session))
                {
                    case SessionAdmission.Refused:
                        return;
                    case SessionAdmission.Ended:
                        session = null;
                        break;
                }
            }
            if (IsBlank(body.Memory.Span))
            {
                await engine.EmptyPostAsync(context, session);
                return;
            }
            CwmpEnvelope envelope;
            try
            {
                envelope = CwmpReader.Read(body.Memory, _readerOptions);
            }
            catch (CwmpFormatException ex)
            {
                if (ex.Kind == CwmpErrorKind.LimitExceeded && _overLimit.ShouldLog(out var suppressed))
                {
                    Log.OverLimit(logger, context.Connection.RemoteIpAddress?.ToString(), ex.Message, suppressed);
                }
                await engine.UnreadableAsync(context, session, ex);
                return;
            }
            await engine.MessageAsync(context, session, envelope);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (a body too slow or larger than the server allows, broken framing): the client's
            // fault, and a prober's favourite, so one warning per burst without a stack trace, and the status Kestrel chose.
            if (_badRequest.ShouldLog(out var suppressed))
            {
                Log.BadRequest(logger, context.Connection.RemoteIpAddress?.ToString(), ex.StatusCode, ex.Message, suppressed);
            }
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await CwmpHttp.TextAsync(context, ex.StatusCode, $"Unreadable request: {ex.Message}");
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The CPE went away; the session reaper puts back whatever it left outstanding.
        }
        catch (System.Data.Common.DbException ex) when (database.Dialect.IsBusy(ex))
        {
            // The database's lock timeout (SQLite: SQLITE_BUSY / SQLITE_LOCKED past the busy timeout) (a first session's credential binding cannot be written
            // behind): nothing was acknowledged, so the CPE is told to retry (TR-069 3.2.1), not that the ACS broke.
            if (_busy.ShouldLog(out var suppressed))
            {
                Log.DatabaseBusy(logger, ex.Message, suppressed);
            }
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.Headers[Microsoft.Net.Http.Headers.HeaderNames.RetryAfter] = "30";
                await CwmpHttp.TextAsync(context, StatusCodes.Status503ServiceUnavailable, "The ACS database is busy; retry this session later.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Failed(logger, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await CwmpHttp.TextAsync(context, StatusCodes.Status500InternalServerError, "The ACS failed to process this message; try again later.");
            }
        }
    }

    private void LogTooLarge(HttpContext context)
    {
        if (_overLimit.ShouldLog(out var suppressed))
        {
            Log.OverLimit(logger, context.Connection.RemoteIpAddress?.ToString(), $"the body is larger than Acs:MaxBodyBytes ({options.MaxBodyBytes} bytes)", suppressed);
        }
    }

    private Task TooLargeAsync(HttpContext context)
        => CwmpHttp.TextAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is larger than the limit of {options.MaxBodyBytes} bytes.");

    /// <summary>A request body in buffers rented from the shared pool.</summary>
    private sealed class PooledBody : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        private int _count;

        public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _count);

        /// <summary>Reads the whole body; false when it exceeds <paramref name="limit"/> (at most limit + 1 bytes are read).</summary>
        public async Task<bool> FillAsync(Stream stream, int limit, CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_count == _buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, limit + 1L));
                    _buffer.AsSpan(0, _count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = larger;
                }
                var room = (int)Math.Min(_buffer.Length, limit + 1L) - _count;
                var read = await stream.ReadAsync(_buffer.AsMemory(_count, room), cancellationToken);
                if (read == 0)
                {
                    return true;
                }
                _count += read;
                if (_count > limit)
                {
                    return false;
                }
            }
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
    }

    // TR-069 3.7.1.4: the CPE's empty POST may be Content-Length 0 or a body of whitespace only.
    private static bool IsBlank(ReadOnlySpan<byte> body) => body.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private bool PathMatches(PathString path)
        => path.Equals(_path, StringComparison.OrdinalIgnoreCase)
           || (path.HasValue && _path.Value!.Length > 1 && path.Value!.TrimEnd('/').Equals(_path.Value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
           || (!path.HasValue && _path.Value == "/");

    private static string NormalizePath(string path) => string.IsNullOrWhiteSpace(path) ? "/" : path.StartsWith('/') ? path : "/" + path;

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Error, "CWMP request failed")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(11, LogLevel.Warning, "CWMP message from {Remote} refused (413): {Error}; {Suppressed} more over-limit message(s) since the last report")]
        public static partial void OverLimit(ILogger logger, string? remote, string error, long suppressed);

        [LoggerMessage(14, LogLevel.Warning, "CWMP request from {Remote} refused ({Status}): {Error}; {Suppressed} more since the last report")]
        public static partial void BadRequest(ILogger logger, string? remote, int status, string error, long suppressed);

        [LoggerMessage(12, LogLevel.Warning, "CWMP session refused (503, retry later): the database is busy ({Error}); {Suppressed} more since the last report")]
        public static partial void DatabaseBusy(ILogger logger, string error, long suppressed);
    }
}
