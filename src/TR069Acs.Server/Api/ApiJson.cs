using System.Text.Json;

namespace TR069Acs.Server.Api;

/// <summary>How the API reads JSON bodies.</summary>
internal static class ApiJson
{
    /// <summary>A member given twice (<c>{"url":"a","url":"b"}</c>) is refused as malformed JSON (400 naming it): which
    /// of the two an operator meant cannot be guessed, and reading either would half-apply the request.</summary>
    public static readonly JsonDocumentOptions Document = new() { AllowDuplicateProperties = false };
}
