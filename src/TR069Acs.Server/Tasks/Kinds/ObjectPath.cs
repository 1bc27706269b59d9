namespace TR069Acs.Server.Tasks.Kinds;

/// <summary>Object paths (AddObject, DeleteObject) end in "." (TR-069 A.3.2.6/A.3.2.7).</summary>
internal static class ObjectPath
{
    public static string Parse(TaskBody body, string field, string example)
    {
        var value = body.OptionalString(field);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new TaskValidationException(field, $"'{field}' is required: {example}.");
        }
        var path = body.Path(value, field);
        return path.EndsWith('.') ? path : throw new TaskValidationException(field, $"'{field}' must end with \".\" (an object path), got '{path}'.");
    }
}
