using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TR069Acs.Agent.Flat;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

/// <summary>The phone's flat parameters: the fleet's factory values plus this phone's overrides (by ordinal), so that
/// a phone nobody configured stores nothing. Mapped TR-069 paths and <c>X_CISCO_COM_FlatProfile</c> read and write
/// here, and so do profiles.</summary>
internal sealed partial class DeviceDataModel : IFlatValueSource
{
    private readonly FlatFactory? _flatFactory;
    private readonly ModelMapping? _mapping;
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

    /// <summary>Applies a parsed profile with the library's applier (issue 3 §2): each value is validated by its
    /// catalogue rule; an unknown name, an invalid value or a masked secret is skipped and reported while the rest
    /// applies. The applier works on a copy of the current values; only the changes come back into the store.</summary>
    public ApplyResult ApplyProfile(FlatProfile profile)
    {
        lock (_gate)
        {
            var values = FlatValuesLocked(_flatFactory ?? throw new InvalidOperationException("This data model has no flat parameters."));
            var result = FlatProfileApplier.Apply(profile, values);
            foreach (var change in result.Changed)
            {
                SetFlatLocked(change.Parameter, change.NewValue);
            }
            return result;
        }
    }

    /// <summary>A copy of the phone's flat configuration as the library's <see cref="FlatValues"/> (for
    /// <c>/admin/cfg.xml</c>), or null when this model has no flat parameters.</summary>
    public FlatValues? FlatValuesSnapshot()
    {
        lock (_gate)
        {
            return _flatFactory is null ? null : FlatValuesLocked(_flatFactory);
        }
    }

    private FlatValues FlatValuesLocked(FlatFactory factory)
    {
        var values = new FlatValues(factory.Parameters);
        foreach (var parameter in factory.Parameters.Parameters)
        {
            var current = FlatValue(parameter);
            if (current != parameter.Default)
            {
                values.TrySet(parameter, current, out _, out _);
            }
        }
        return values;
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

    /// <summary>The mapped path a link stands for: the catalogue binding of <paramref name="parameter"/> with the
    /// link's conversion (a host and a port path share one flat parameter).</summary>
    private MappedPath? MappedPathOf(FlatLink link, FlatParameter parameter)
    {
        if (_mapping is null || link.Conversion == Tr069Conversion.None && link.ReadFallback is null)
        {
            return null;
        }
        var own = _mapping.Parameters.Parameters[parameter.Ordinal];
        foreach (var path in _mapping.GetPathsOf(own))
        {
            if (!path.IsFlatProfilePath && ReferenceEquals(path.Parameter, own) && path.Conversion == link.Conversion)
            {
                return path;
            }
        }
        return null;
    }

    private string FlatRead(FlatLink link, FlatParameter parameter)
    {
        // Secrets are read raw here (the phone authenticates with them); the wire hides them (WireValue).
        if (parameter.IsSensitive || MappedPathOf(link, parameter) is not { } mapped)
        {
            return FlatValue(parameter);
        }
        return _mapping!.GetValue(mapped, this);
    }

    private void FlatWrite(FlatLink link, FlatParameter parameter, string value)
    {
        if (ToFlat(link, parameter, value, this, out var normalized, out _))
        {
            SetFlatLocked(parameter, normalized);
        }
    }

    /// <summary>The normalized flat value a TR-069 write stands for (DESIGN §7 conversions), or the reason it has none.
    /// A host or port path merges into the flat value <paramref name="current"/> holds.</summary>
    private bool ToFlat(FlatLink link, FlatParameter parameter, string value, IFlatValueSource current, out string normalized,
        [NotNullWhen(false)] out string? error)
    {
        normalized = "";
        if (MappedPathOf(link, parameter) is { } mapped)
        {
            if (!_mapping!.TryToFlat(mapped, value, current, out var assignment, out var mappingError))
            {
                error = mappingError.Message;
                return false;
            }
            normalized = assignment.Value;
            error = null;
            return true;
        }
        if (!parameter.Rule.TryNormalize(value, out normalized!, out var invalid))
        {
            error = $"{parameter.Name}: {invalid}";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Why a TR-069 value cannot be written to its flat parameter (conversion or catalogue rule), or null.</summary>
    private string? FlatCheck(Location location, string value)
    {
        if (location.Node.Parameter!.Flat is not { } link || !TryFlatParameter(link, location.Path, out var parameter))
        {
            return null;
        }
        return ToFlat(link, parameter, value, this, out _, out var error) ? null : error;
    }

    /// <inheritdoc />
    string? IFlatValueSource.GetValue(FlatParameter parameter)
    {
        lock (_gate)
        {
            return _flatFactory is not null && (uint)parameter.Ordinal < (uint)_flatFactory.Parameters.Count
                ? FlatValue(_flatFactory.Parameters.Parameters[parameter.Ordinal])
                : null;
        }
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
