using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.CpeAuth;

/// <summary>Says at every start how phones are authenticated, loudly when it is a lab setting.</summary>
internal sealed partial class CpeAuthStartup(AcsOptions options, ILogger<CpeAuthStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.CpeAuth;
        if (o.Mode == CpeAuthMode.Off)
        {
            Log.Off(logger);
        }
        else if (o.Mode == CpeAuthMode.Credentials && o.Admission == CpeAdmission.Bootstrap
                 && o.BootstrapUsername == CpeAuthOptions.LabBootstrapUsername && o.BootstrapPassword == CpeAuthOptions.LabBootstrapPassword)
        {
            Log.LabPair(logger, CpeAuthOptions.LabBootstrapUsername);
        }
        else
        {
            Log.Mode(logger, o.Mode.ToString(), o.Admission.ToString());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(904, LogLevel.Warning,
            "Acs:CpeAuth:Mode is Off: ANY client reaching the CWMP port is believed to be the device it names. Lab use only; production uses Credentials or Certificate")]
        public static partial void Off(ILogger logger);

        [LoggerMessage(905, LogLevel.Warning,
            "CWMP bootstrap credential is the documented lab pair (user '{Username}'): anyone who read the README can enrol a device. Production sets Acs:CpeAuth:BootstrapUsername/BootstrapPassword (and the phones' ACS_Username/ACS_Password) to its own")]
        public static partial void LabPair(ILogger logger, string username);

        [LoggerMessage(906, LogLevel.Information, "CWMP authentication: mode {Mode}, admission of new devices {Admission}")]
        public static partial void Mode(ILogger logger, string mode, string admission);
    }
}
