using System.CommandLine;
using TR069Acs.Cli.Commands;
using TR069Acs.Cli.Commands.Campaigns;

var root = new RootCommand("TR069Acs: a TR-069 (CWMP) ACS for Cisco SPA/3PCC phones, and a phone emulator.")
{
    ServeCommand.Create(),
    PhoneCommand.Create(),
    DevicesCommand.Create(),
    ProfileCommand.Create(),
    FirmwareCommand.Create(),
    CertsCommand.Create(),
    CampaignsCommand.Create(),
    OperatorsCommand.Users(),
    OperatorsCommand.Tokens(),
};
return await root.Parse(args).InvokeAsync();
