using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>One ACS→CPE method as a task: how the API body is validated, which RPC it becomes and what the CPE's
/// answer changes. One subclass per method in <c>Tasks/Kinds</c>.</summary>
internal abstract class TaskKind
{
    /// <summary>The API's <c>type</c>, camelCase (e.g. <c>getParameterValues</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The response message that completes the task.</summary>
    public abstract Type ResponseType { get; }

    /// <summary>The RPC element name, e.g. <c>GetParameterValues</c>.</summary>
    public string RpcName => char.ToUpperInvariant(Name[0]) + Name[1..];

    /// <summary>Validates the request body and returns the payload to store (names translated, defaults filled).</summary>
    /// <exception cref="TaskValidationException">A member is missing or wrong.</exception>
    public abstract JsonObject Parse(TaskBody body);

    /// <summary>The CommandKey a payload carries (Reboot, Download, Upload, ScheduleInform), else null.</summary>
    public virtual string? CommandKeyOf(JsonObject payload) => null;

    /// <summary>The RPC to send for a stored payload.</summary>
    public abstract CwmpMessage CreateRequest(JsonObject payload);

    /// <summary>What the CPE's response (of <see cref="ResponseType"/>) means.</summary>
    public abstract TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response);

    /// <summary>A fresh CommandKey for a task that came without one (TR-069 allows up to 32 characters).</summary>
    protected static string NewCommandKey(string prefix) => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>A payload's ParameterKey (empty when none was given).</summary>
    protected static string ParameterKey(JsonObject payload) => (string?)payload["parameterKey"] ?? "";

    /// <summary>A payload's CommandKey (empty when none).</summary>
    protected static string CommandKey(JsonObject payload) => (string?)payload["commandKey"] ?? "";

    /// <summary>Validates an optional ParameterKey (TR-069: at most 32 characters).</summary>
    protected static string ParseParameterKey(TaskBody body) => Limit(body, "parameterKey", body.OptionalString("parameterKey") ?? "", 32);

    /// <summary>Validates an optional CommandKey, generating one when absent.</summary>
    protected static string ParseCommandKey(TaskBody body, string prefix)
        => body.OptionalString("commandKey") is { } key ? Limit(body, "commandKey", key, 32) : NewCommandKey(prefix);

    private static string Limit(TaskBody body, string field, string value, int max)
        => value.Length <= max ? value : throw new TaskValidationException(field, $"'{field}' is at most {max} characters (TR-069), got {value.Length}.");

    /// <summary>Names as a JSON array.</summary>
    protected static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    /// <summary>Reads a stored string array.</summary>
    protected static IReadOnlyList<string> StringList(JsonObject payload, string name)
        => payload[name] is JsonArray a ? [.. a.Select(n => (string?)n ?? "")] : [];
}
