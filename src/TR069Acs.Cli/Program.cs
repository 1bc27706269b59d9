using System.CommandLine;
using TR069Acs.Cli.Commands;
using TR069Acs.Cli.Commands.Campaigns;

var root = new RootCommand("TR069Acs: a TR-069 (CWMP) ACS for Cisco SPA/3PCC phones, and a phone emulator.")
{
    ServeCommand.Create(),
    SettingsCommand.Create(),
    DbCommand.Create(),
    PhoneCommand.Create(),
    DevicesCommand.Create(),
    ProfileCommand.Create(),
    FirmwareCommand.Create(),
    CertsCommand.Create(),
    CampaignsCommand.Create(),
    OperatorsCommand.Users(),
    OperatorsCommand.Tokens(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // System.CommandLine names .NET types ("as expected type 'System.Nullable`1[System.Int32]'"); an operator gets words.
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync("acs: " + ParseErrorText.Humanize(error.Message));
    }
    var path = new List<string>();
    for (var r = parsed.CommandResult; r.Command != root && r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
    {
        path.Insert(0, r.Command.Name);
    }
    await Console.Error.WriteLineAsync($"Run 'acs {string.Join(' ', path.Append("--help"))}' for usage.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();
