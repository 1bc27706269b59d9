using System.Diagnostics.CodeAnalysis;

namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// The flat configuration of one phone: one string per parameter of its model plus the per-parameter <c>ua</c>.
/// Values start as the model's factory values (shared strings, so a fresh phone costs one array). Every write is
/// validated and normalized by the parameter's <see cref="ValueRule"/>. Not thread-safe: one owner per phone.
/// </summary>
public sealed class FlatValues : IFlatValueSource
{
    private readonly string[] _values;
    private UserAccess[]? _access;

    /// <summary>Creates a phone configuration at factory values.</summary>
    public FlatValues(ModelParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _values = new string[parameters.Count];
        ResetToFactory();
    }

    /// <summary>The model's parameter set.</summary>
    public ModelParameterSet Parameters { get; }

    /// <summary>The value of <paramref name="parameter"/>.</summary>
    public string this[FlatParameter parameter] => _values[Check(parameter).Ordinal];

    /// <summary>The value of the parameter named <paramref name="name"/>; <see cref="KeyNotFoundException"/> if none.</summary>
    public string this[string name] => _values[Parameters.Get(name).Ordinal];

    /// <inheritdoc />
    string? IFlatValueSource.GetValue(FlatParameter parameter) =>
        (uint)parameter.Ordinal < (uint)_values.Length && ReferenceEquals(parameter, Parameters.Parameters[parameter.Ordinal])
            ? _values[parameter.Ordinal]
            : null;

    /// <summary>The value of the parameter named <paramref name="name"/>, if the model has it.</summary>
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
    {
        if (Parameters.TryGet(name, out var parameter))
        {
            value = _values[parameter.Ordinal];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Validates, normalizes and stores <paramref name="value"/>.</summary>
    /// <param name="parameter">A parameter of this phone's model.</param>
    /// <param name="value">The new value (callers trim profile values first).</param>
    /// <param name="changed">True when the stored value differs from the previous one.</param>
    /// <param name="error">Why the value was refused; the stored value is then unchanged.</param>
    public bool TrySet(FlatParameter parameter, string value, out bool changed, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        Check(parameter);
        if (!parameter.Rule.TryNormalize(value, out var normalized, out error))
        {
            changed = false;
            return false;
        }

        changed = !string.Equals(_values[parameter.Ordinal], normalized, StringComparison.Ordinal);
        if (changed)
        {
            _values[parameter.Ordinal] = normalized;
        }

        return true;
    }

    /// <summary>Validates and stores a value by flat name; <see cref="ArgumentException"/> when refused.</summary>
    public void Set(string name, string value)
    {
        var parameter = Parameters.Get(name);
        if (!TrySet(parameter, value, out _, out var error))
        {
            throw new ArgumentException($"{name}: {error}", nameof(value));
        }
    }

    /// <summary>The <c>ua</c> of <paramref name="parameter"/> (the catalogue's unless a profile set another).</summary>
    public UserAccess GetAccess(FlatParameter parameter) =>
        _access?[Check(parameter).Ordinal] is UserAccess access && access != default ? access : parameter.Definition.Access;

    /// <summary>Sets the <c>ua</c> of <paramref name="parameter"/>, as a profile's <c>ua</c> attribute does.</summary>
    public void SetAccess(FlatParameter parameter, UserAccess access)
    {
        Check(parameter);
        if (_access is null)
        {
            if (access == parameter.Definition.Access)
            {
                return;
            }

            _access = new UserAccess[_values.Length];
        }

        _access[parameter.Ordinal] = access;
    }

    /// <summary>True when the value equals the model's factory value.</summary>
    public bool IsFactoryValue(FlatParameter parameter) =>
        string.Equals(_values[Check(parameter).Ordinal], parameter.Default, StringComparison.Ordinal);

    /// <summary>Every value that differs from the factory value (what a persisted phone state needs to keep).</summary>
    public IEnumerable<KeyValuePair<FlatParameter, string>> GetChangedValues()
    {
        foreach (var parameter in Parameters.Parameters)
        {
            if (!IsFactoryValue(parameter))
            {
                yield return new(parameter, _values[parameter.Ordinal]);
            }
        }
    }

    /// <summary>Returns every value and <c>ua</c> to the factory setting.</summary>
    public void ResetToFactory()
    {
        foreach (var parameter in Parameters.Parameters)
        {
            _values[parameter.Ordinal] = parameter.Default;
        }

        _access = null;
    }

    /// <summary>An independent copy (for applying a profile all-or-nothing, or for tests).</summary>
    public FlatValues Clone()
    {
        var copy = new FlatValues(Parameters);
        _values.CopyTo(copy._values, 0);
        copy._access = (UserAccess[]?)_access?.Clone();
        return copy;
    }

    private FlatParameter Check(FlatParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if ((uint)parameter.Ordinal >= (uint)_values.Length || !ReferenceEquals(Parameters.Parameters[parameter.Ordinal], parameter))
        {
            throw new ArgumentException($"{parameter.Name} is not a parameter of this {Parameters.Model.Name}", nameof(parameter));
        }

        return parameter;
    }
}
