using System.CommandLine;
using Microsoft.Extensions.Logging;
using TR069Acs.Agent;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs phone</c>: one emulated Cisco phone, or a fleet of them, connected to an ACS.</summary>
internal static class PhoneCommand
{
    public static Command Create()
    {
        var acs = UriOption.Create("--acs", "ACS URL the phones inform to.", "http://127.0.0.1:7547/");
        var mac = new Option<string?>("--mac") { Description = "MAC address of the (first) phone, 12 hex digits." };
        var serial = new Option<string?>("--serial") { Description = "Serial number of the (first) phone." };
        var model = new Option<string?>("--model") { Description = "Model (ProductClass), e.g. CP-8841-3PCC." };
        var root = new Option<Tr069Root>("--root")
        {
            Description = "Root object of the phones' data model: Device (TR-106, default) or InternetGatewayDevice (TR-098, as SPA phones).",
            DefaultValueFactory = _ => Tr069Root.Device,
        };
        var count = new Option<int>("--count") { Description = "Number of phones; MAC and serial are incremented per phone.", DefaultValueFactory = _ => 1 };
        var state = new Option<string?>("--state") { Description = "Directory where phone state persists across restarts." };
        var version = new Option<string?>("--software-version") { Description = "Firmware version the phones report." };
        var crPort = new Option<int>("--cr-port") { Description = "Connection-request listener port (0: any free port).", DefaultValueFactory = _ => 0 };
        var listen = new Option<string?>("--listen") { Description = "Address the connection-request listener and web admin bind (default 127.0.0.1)." };
        var config = new Option<FileInfo?>("--config") { Description = "Factory flat profile (plain or gzip) applied to every phone before the ACS settings." };
        var adminPort = new Option<int?>("--admin-port")
        {
            Description = "Port of the web admin (/admin/resync, /admin/cfg.xml …); a fleet uses consecutive ports. Default: none.",
        };
        adminPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } port && port is < 0 or > 65535)
            {
                result.AddError($"--admin-port must be a TCP port (0-65535), not {port}.");
            }
        });
        var tftpServer = new Option<string?>("--tftp-server")
        {
            Description = "HOST[:PORT] of the TFTP server DHCP would name, for profile and upgrade rules without a server.",
        };
        tftpServer.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !HostPort.TryParse(text, out _))
            {
                result.AddError($"--tftp-server must be HOST or HOST:PORT, not '{text}'.");
            }
        });
        var clientCert = new Option<FileInfo>("--client-cert")
        {
            Description = "PEM client certificate the phones present over HTTPS (one for the fleet: use a generic one for --count > 1).",
        }.AcceptExistingOnly();
        var clientKey = new Option<FileInfo>("--client-key") { Description = "PEM private key of --client-cert." }.AcceptExistingOnly();
        var acsUsername = new Option<string?>("--acs-username")
        {
            Description = "Factory ACS_Username the phones present to the ACS (default: the factory profile's, else the documented lab pair's).",
        };
        var acsPassword = new Option<string?>("--acs-password")
        {
            Description = "Factory ACS_Password (default: the factory profile's, else the lab pair's). Credentials the ACS sets later are kept in --state.",
        };
        var ca = new Option<FileInfo>("--ca") { Description = "PEM bundle of the only CAs trusted for HTTPS servers (default: the system store)." }.AcceptExistingOnly();
        var firmwareKeys = new Option<FileInfo>("--firmware-keys")
        {
            Description = "PEM public keys (ECDSA P-256 or RSA) firmware images must be signed with; unsigned or wrongly signed images are refused (9018).",
        }.AcceptExistingOnly();
        var command = new Command("phone", "Run an emulated Cisco phone (or a fleet) against an ACS.")
        {
            acs, mac, serial, model, root, count, state, version, crPort, listen, config, adminPort, tftpServer,
            clientCert, clientKey, ca, acsUsername, acsPassword, firmwareKeys,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new PhoneOptions { AcsUrl = result.GetValue(acs)! };
            if (result.GetValue(mac) is { } m) options.Mac = m;
            if (result.GetValue(serial) is { } s) options.Serial = s;
            if (result.GetValue(model) is { } md) options.Model = md;
            options.DataModelRoot = result.GetValue(root);
            if (result.GetValue(version) is { } v) options.SoftwareVersion = v;
            if (result.GetValue(listen) is { } l) options.ListenAddress = l;
            options.Count = result.GetValue(count);
            options.StateDirectory = result.GetValue(state);
            options.ConnectionRequestPort = result.GetValue(crPort);
            options.ConfigFile = result.GetValue(config)?.FullName;
            options.AdminPort = result.GetValue(adminPort);
            options.TftpServer = result.GetValue(tftpServer);
            options.ClientCertificateFile = result.GetValue(clientCert)?.FullName;
            options.ClientKeyFile = result.GetValue(clientKey)?.FullName;
            options.TrustedCaFile = result.GetValue(ca)?.FullName;
            options.AcsUsername = result.GetValue(acsUsername);
            options.AcsPassword = result.GetValue(acsPassword);
            if (result.GetValue(firmwareKeys) is { } keysFile)
            {
                try
                {
                    options.FirmwareTrustedKeys = TR069Acs.Provisioning.Firmware.FirmwareTrust.FromPem(await File.ReadAllTextAsync(keysFile.FullName, cancellationToken));
                }
                catch (FormatException e)
                {
                    await Console.Error.WriteLineAsync($"--firmware-keys {keysFile.FullName}: {e.Message}.");
                    return 2;
                }
            }
            if (options.Count < 1)
            {
                await Console.Error.WriteLineAsync("--count must be at least 1.");
                return 2;
            }

            using var consoleLogs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            // A fleet's phones fail alike (the ACS is down): one warning stands for all of them, with a count.
            using var loggerFactory = new FleetLogSummary(consoleLogs, TimeProvider.System);
            PhoneFleet created;
            try
            {
                // Bad options (an unreadable --config, admin ports that do not fit the fleet …) are named, not thrown.
                created = new PhoneFleet(options, loggerFactory);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            // Service managers and scripts stop processes with SIGTERM, and SIGINT may come without a terminal: both end
            // the phones here (state saved) within seconds.
            using var stop = new StopSignals(cancellationToken);
            await using var fleet = created;
            await fleet.StartAsync(stop.Token);
            if (fleet.Phones[0].AdminUri is { } admin)
            {
                Console.WriteLine($"web admin of the first phone: {admin}advanced");
            }
            Console.WriteLine(options.Count == 1
                ? $"phone {fleet.Phones[0].DeviceId} running; Ctrl+C to stop"
                : $"{options.Count} phones running ({fleet.Phones[0].DeviceId} … {fleet.Phones[^1].DeviceId}); Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            Console.WriteLine("stopping: saving the phones' state");
            await fleet.StopAsync();
            return 0;
        });
        return command;
    }
}
