using System.Globalization;
using TR069Acs.Agent.DataModel;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Agent.Flat;

/// <summary>The factory values of one fleet's phones: the catalogue's defaults for the model, what DHCP would provide
/// (<see cref="PhoneOptions.NtpServer"/>), then the factory profile
/// (<see cref="PhoneOptions.ConfigFile"/>), then the command-line options (ACS URL and credentials, periodic inform).
/// One instance serves the whole fleet; a phone stores only what differs from it.</summary>
internal sealed class FlatFactory
{
    private readonly string[] _values;
    private readonly string?[] _variables;

    private FlatFactory(ModelParameterSet parameters)
    {
        Parameters = parameters;
        _values = [.. parameters.Parameters.Select(p => p.Default)];
        _variables = new string?[_values.Length];
    }

    /// <summary>The model's flat parameters.</summary>
    public ModelParameterSet Parameters { get; }

    /// <summary>Factory values straight from the catalogue (tests, tools).</summary>
    public static FlatFactory FromCatalogue(ModelParameterSet parameters) => new(parameters);

    /// <summary>The fleet's factory values.</summary>
    /// <param name="parameters">The model's flat parameters.</param>
    /// <param name="options">The fleet's options.</param>
    /// <param name="profile">The factory profile's values (already validated), or none.</param>
    public static FlatFactory ForFleet(ModelParameterSet parameters, PhoneOptions options, IEnumerable<KeyValuePair<FlatParameter, string>>? profile)
    {
        var factory = new FlatFactory(parameters);
        factory.Set("Primary_NTP_Server", options.NtpServer);
        // A phone started with --acs speaks TR-069 unless its factory profile says otherwise (the guides' factory-fresh
        // phone that a preprovisioning profile hands over to the ACS).
        factory.Set("Enable_TR-069", "Yes");
        var fromProfile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parameter, value) in profile ?? [])
        {
            factory._values[parameter.Ordinal] = value;
            fromProfile.Add(parameter.Name);
        }
        factory.Set("ACS_URL", options.AcsUrl.ToString());
        // The ACS credentials: the command line wins, then the factory profile, then the documented lab pair that an ACS
        // with its default bootstrap credential accepts (so a fresh `acs serve` and `acs phone` work together).
        if (options.AcsUsername is not null || !fromProfile.Contains("ACS_Username"))
        {
            factory.Set("ACS_Username", options.AcsUsername ?? PhoneOptions.LabAcsUsername);
        }
        if (options.AcsPassword is not null || !fromProfile.Contains("ACS_Password"))
        {
            factory.Set("ACS_Password", options.AcsPassword ?? PhoneOptions.LabAcsPassword);
        }
        factory.Set("Periodic_Inform_Enable", options.PeriodicInformEnable ? "Yes" : "No");
        factory.Set("Periodic_Inform_Interval", options.PeriodicInformInterval.ToString(CultureInfo.InvariantCulture));
        if (options.ConnectionRequestPassword is { } crPassword)
        {
            factory.Set("Connection_Request_Password", crPassword);
        }
        else if (!fromProfile.Contains("Connection_Request_Password") && parameters.TryGet("Connection_Request_Password", out var crp))
        {
            // Per phone: a random one, until the ACS sets the device's own (no shared secret from the factory).
            factory._variables[crp.Ordinal] = PhoneVariables.ConnectionRequestPassword;
        }
        if (options.ConnectionRequestUsername is { } username)
        {
            factory.Set("Connection_Request_Username", username);
        }
        else if (parameters.TryGet("Connection_Request_Username", out var user))
        {
            // Per phone: the serial number, as the agent has always answered Connection Requests.
            factory._variables[user.Ordinal] = PhoneVariables.ConnectionRequestUsername;
        }
        return factory;
    }

    /// <summary>The factory value of <paramref name="parameter"/> on the phone resolving per-phone variables.</summary>
    public string ValueOf(FlatParameter parameter, IParameterEnvironment environment)
        => _variables[parameter.Ordinal] is { } variable ? environment.Resolve(variable) : _values[parameter.Ordinal];

    private void Set(string name, string value)
    {
        if (Parameters.TryGet(name, out var parameter) && parameter.Rule.TryNormalize(value, out var normalized, out _))
        {
            _values[parameter.Ordinal] = normalized;
        }
    }
}
