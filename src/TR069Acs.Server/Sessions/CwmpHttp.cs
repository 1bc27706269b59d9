using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Sessions;

/// <summary>How the CWMP endpoint answers over HTTP: SOAP envelopes with a Content-Length (embedded CPE stacks cope
/// badly with chunked bodies), 204 to end a session, plain-text errors naming the problem.</summary>
internal static class CwmpHttp
{
    public const string CookieName = "session";

    private const string XmlContentType = "text/xml; charset=\"utf-8\"";

    public static Task WriteAsync(HttpContext context, CwmpVersion version, string? id, CwmpMessage body, string? setCookie = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        CwmpWriter.Write(new CwmpEnvelope(version, new CwmpHeader(Id: id), body), buffer);
        var response = context.Response;
        // SOAP 1.1 §6.2: a SOAP fault travels in an HTTP 500 response.
        response.StatusCode = body is CwmpFault ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        response.ContentType = XmlContentType;
        response.ContentLength = buffer.WrittenCount;
        if (setCookie is not null)
        {
            response.Headers[HeaderNames.SetCookie] = $"{CookieName}={setCookie}; Path=/; HttpOnly";
        }
        return response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    /// <summary>204 No Content: the ACS has nothing more; the session is over (TR-069 A.3.2 / 3.7.1.4).</summary>
    public static Task EndAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static Task TextAsync(HttpContext context, int status, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
