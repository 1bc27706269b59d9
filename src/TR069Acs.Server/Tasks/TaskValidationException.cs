namespace TR069Acs.Server.Tasks;

/// <summary>A task request the API refuses; <see cref="Field"/> names the JSON member at fault (e.g. <c>parameterValues[1].name</c>).</summary>
internal sealed class TaskValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
