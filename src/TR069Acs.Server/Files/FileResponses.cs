using System.Text;
using Microsoft.AspNetCore.Http;

namespace TR069Acs.Server.Files;

/// <summary>Plain answers of the file server: phones read status codes, people read the text.</summary>
internal static class FileResponses
{
    public static Task TextAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.WriteAsync(message + "\n", Encoding.UTF8, http.RequestAborted);
    }

    public static Task BytesAsync(HttpContext http, byte[] body, string contentType)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
