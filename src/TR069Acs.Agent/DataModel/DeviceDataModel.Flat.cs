using System.Globalization;
using TR069Acs.Agent.Flat;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Agent.DataModel;

/// <summary>The phone's flat parameters: the fleet's factory values plus this phone's overrides (by ordinal), so that
/// a phone nobody configured stores nothing. Mapped TR-069 paths and <c>X_CISCO_COM_FlatProfile</c> read and write
/// here, and so do profiles.</summary>
internal sealed partial class DeviceDataModel
{
    private readonly FlatFactory? _flatFactory;
    private Dictionary<int, string>? _flatValues;
    private HashSet<string>? _flatChanged;

    /// <summary>The model's flat parameters, or null when this model has none.</summary>
    public ModelParameterSet? FlatParameters => _flatFactory?.Parameters;

    /// <summary>A flat parameter's value (secrets included), or null when the model has no such parameter.</summary>
    public string? GetFlat(string name)
    {
        lock (_gate)
        {
            return _flatFactory is not null && _flatFactory.Parameters.TryGet(name, out var parameter) ? FlatValue(parameter) : null;
        }
    }

    /// <summary>Every flat parameter with its current value, in catalogue order.</summary>
    public IReadOnlyList<KeyValuePair<FlatParameter, string>> FlatSnapshot()
    {
        lock (_gate)
        {
            return _flatFactory is null ? [] : [.. _flatFactory.Parameters.Parameters.Select(p => KeyValuePair.Create(p, FlatValue(p)))];
        }
    }

    /// <summary>Applies flat values as a profile does: each value is validated by its catalogue rule; a refused one is
    /// skipped and reported while the others apply.</summary>
    /// <returns>The refused values with the reason, and the names whose value changed.</returns>
    public FlatApplyResult ApplyFlat(IEnumerable<KeyValuePair<string, string>> values)
    {
        var rejected = new List<string>();
        var changed = new List<string>();
        lock (_gate)
        {
            foreach (var (name, value) in values)
            {
                if (_flatFactory is null || !_flatFactory.Parameters.TryGet(name, out var parameter))
                {
                    rejected.Add(_flatFactory?.Parameters.DescribeUnknown(name) ?? $"{name}: not a parameter");
                    continue;
                }
                if (!parameter.Rule.TryNormalize(value, out var normalized, out var error))
                {
                    rejected.Add($"{name}: {error}");
                    continue;
                }
                if (FlatValue(parameter) != normalized)
                {
                    SetFlatLocked(parameter, normalized);
                    changed.Add(name);
                }
            }
        }
        return new FlatApplyResult(changed, rejected);
    }

    /// <summary>The flat names changed since the last call (by the ACS, a profile or the phone), for their side effects.</summary>
    public IReadOnlyCollection<string> TakeFlatChanges()
    {
        lock (_gate)
        {
            var changes = _flatChanged;
            _flatChanged = null;
            return changes is null ? [] : changes;
        }
    }

    private string FlatValue(FlatParameter parameter)
        => _flatValues is not null && _flatValues.TryGetValue(parameter.Ordinal, out var value) ? value : _flatFactory!.ValueOf(parameter, _environment);

    private void SetFlatLocked(FlatParameter parameter, string value)
    {
        if (value == _flatFactory!.ValueOf(parameter, _environment))
        {
            _flatValues?.Remove(parameter.Ordinal);
        }
        else
        {
            (_flatValues ??= [])[parameter.Ordinal] = value;
        }
        (_flatChanged ??= new HashSet<string>(StringComparer.Ordinal)).Add(parameter.Name);
    }

    /// <summary>The flat parameter a linked path stands for: extension n is <c>VoiceProfile.{n}.Line.1</c>; other line
    /// instances (added by AddObject) are plain data model values.</summary>
    private bool TryFlatParameter(FlatLink link, string path, out FlatParameter parameter)
    {
        parameter = null!;
        if (_flatFactory is null)
        {
            return false;
        }
        if (!link.PerLine)
        {
            return _flatFactory.Parameters.TryGet(link.Name, out parameter!);
        }
        if (InstanceAfter(path, ".VoiceProfile.") is not { } line || (path.Contains(".Line.", StringComparison.Ordinal) && InstanceAfter(path, ".Line.") != 1))
        {
            return false;
        }
        return _flatFactory.Parameters.TryGet(NameFor(link.Name, line), out parameter!);
    }

    private static string NameFor(string template, int line)
        => string.Concat(template.AsSpan(0, template.Length - 2), line.ToString(CultureInfo.InvariantCulture), "_");

    private static int? InstanceAfter(string path, string marker)
    {
        var start = path.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += marker.Length;
        var end = path.IndexOf('.', start);
        return int.TryParse(path.AsSpan(start, (end < 0 ? path.Length : end) - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private string FlatRead(FlatLink link, FlatParameter parameter, string path)
    {
        var value = FlatValue(parameter);
        if (value.Length == 0 && link.ReadFallback is { } fallback
            && _flatFactory!.Parameters.TryGet(parameter.Line > 0 ? NameFor(fallback, parameter.Line) : fallback, out var other))
        {
            value = FlatValue(other);
        }
        return FlatConversions.ToTr069(link.Conversion, value, link.DefaultPort);
    }

    private void FlatWrite(FlatLink link, FlatParameter parameter, string value)
    {
        if (FlatConversions.FromTr069(link.Conversion, value, FlatValue(parameter), link.DefaultPort, out _) is { } flat
            && parameter.Rule.TryNormalize(flat, out var normalized, out _))
        {
            SetFlatLocked(parameter, normalized);
        }
    }

    /// <summary>Why a TR-069 value cannot be written to its flat parameter (conversion or catalogue rule), or null.</summary>
    private string? FlatCheck(Location location, string value, out string? flat)
    {
        flat = null;
        if (location.Node.Parameter!.Flat is not { } link || !TryFlatParameter(link, location.Path, out var parameter))
        {
            return null;
        }
        if (FlatConversions.FromTr069(link.Conversion, value, FlatValue(parameter), link.DefaultPort, out var error) is not { } converted)
        {
            return error;
        }
        return parameter.Rule.TryNormalize(converted, out flat, out error) ? null : $"{parameter.Name}: {error}";
    }

    private Dictionary<string, string>? ExportFlat()
        => _flatValues is { Count: > 0 } ? _flatValues.ToDictionary(kv => _flatFactory!.Parameters.Parameters[kv.Key].Name, kv => kv.Value, StringComparer.Ordinal) : null;

    private void ImportFlat(Dictionary<string, string>? values)
    {
        foreach (var (name, value) in values ?? [])
        {
            if (_flatFactory is not null && _flatFactory.Parameters.TryGet(name, out var parameter) && parameter.Rule.TryNormalize(value, out var normalized, out _))
            {
                SetFlatLocked(parameter, normalized);
            }
        }
        _flatChanged = null;
    }
}

/// <summary>The outcome of applying flat values.</summary>
/// <param name="Changed">Flat names whose value changed.</param>
/// <param name="Rejected">Values refused, each as <c>Name: reason</c>.</param>
internal sealed record FlatApplyResult(IReadOnlyList<string> Changed, IReadOnlyList<string> Rejected);
