using TR069Acs.Server.Tasks.Kinds;

namespace TR069Acs.Server.Tasks;

/// <summary>Every task type the API accepts (DESIGN §5's ACS→CPE methods), by API name.</summary>
internal static class TaskKinds
{
    private static readonly Dictionary<string, TaskKind> _byName = new TaskKind[]
    {
        new GetParameterValuesTask(),
        new SetParameterValuesTask(),
        new GetParameterNamesTask(),
        new GetParameterAttributesTask(),
        new SetParameterAttributesTask(),
        new AddObjectTask(),
        new DeleteObjectTask(),
        new RebootTask(),
        new FactoryResetTask(),
        new DownloadTask(),
        new UploadTask(),
        new ScheduleInformTask(),
        new GetRpcMethodsTask(),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The API names, for error messages and the OpenAPI description.</summary>
    public static IEnumerable<string> Names => _byName.Keys;

    public static bool TryGet(string name, out TaskKind kind) => _byName.TryGetValue(name, out kind!);

    public static TaskKind Get(string name)
        => _byName.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"Unknown task type '{name}' in the database.");
}
