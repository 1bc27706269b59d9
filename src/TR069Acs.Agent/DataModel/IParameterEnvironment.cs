namespace TR069Acs.Agent.DataModel;

/// <summary>What a phone's data model needs from the phone itself.</summary>
internal interface IParameterEnvironment
{
    /// <summary>The current value of a <see cref="PhoneVariables"/> name such as <c>$SN</c>.</summary>
    string Resolve(string variable);
}
