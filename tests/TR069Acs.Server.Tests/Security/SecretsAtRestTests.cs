using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Server.Files;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Firmware;
using TR069Acs.Server.Tests.Provisioning;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Security;

/// <summary>Secrets at rest: what the API, the profile server and CWMP sessions are given is encrypted in the database
/// file (the <c>strings acs.db</c> check), a plaintext database from before is encrypted in place at start, and a copy
/// of the database without its keys directory reveals nothing and says so.</summary>
public sealed class SecretsAtRestTests
{
    private const string SipPassword = "sip-Secret-4711";
    private const string AcsPassword = "acs-Secret-0815";
    private const string EncryptionKey = "profile-Secret-2222";
    private const string FirmwarePassword = "fw-Secret-1234";
    private const string TaskSipPassword = "spv-Secret-9876";
    private const string InformedPassword = "cr-Secret-5555";
    private const string ResultPassword = "result-Secret-3333";
    private const string OtherMac = "0023EB0000B2";
    private const string OtherSerial = "FCH2001A0B2";
    private const string OtherId = "0023EB-CP-8841-3PCC-FCH2001A0B2";
    private const string AuthPasswordPath = "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.SIP.AuthPassword";

    [Fact]
    public async Task Secrets_written_through_the_API_are_not_in_the_database_file_yet_profiles_and_sessions_get_them()
    {
        // Issue 16 §3: plain HTTP carries secrets only under a key of the device alone (EncryptPerDevice and a device-scope key).
        await using var acs = await TestAcs.StartAsync(o =>
        {
            o.FirmwareAuth = FirmwareAuthMode.PerDownload;
            o.Provisioning.UnverifiedSecrets = UnverifiedSecretsMode.EncryptPerDevice;
        });
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}",
            $$"""{"Password_1_":"{{SipPassword}}","ACS_Password":"{{AcsPassword}}","GPP_C":"visible","_encryptionKey":"{{EncryptionKey}}"}""");
        await ConfigApi.PreRegisterAsync(acs, OtherMac, OtherSerial);
        var spcKey = (string)(await SecureProvisioningApi.EnableAsync(acs, OtherId))["key"]!;
        var image = await FirmwareImages.UploadAsync(acs, "12.0.2");

        using var cpe = acs.Cpe(serial: "FW0001", productClass: "CP-8841-3PCC");
        cpe.InformParameters.Add(("Device.ManagementServer.ConnectionRequestPassword", InformedPassword));
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        var url = new Uri(acs.Files.BaseAddress!, $"firmware/{image.FileName}");
        await acs.QueueAsync(cpe.DeviceId, new { type = "download", fileType = "1 Firmware Upgrade Image", url = url.ToString(), username = "tech", password = FirmwarePassword });
        await acs.QueueAsync(cpe.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[] { new { name = AuthPasswordPath, value = TaskSipPassword, type = "xsd:string" } },
        });

        await AssertNotInDatabaseAsync(acs, SipPassword, AcsPassword, EncryptionKey, spcKey, FirmwarePassword, TaskSipPassword, InformedPassword);
        Assert.Contains("visible", await DatabaseTextAsync(acs), StringComparison.Ordinal);   // the check can see plaintext

        // Decrypted where they are needed: the phone's profile, the API that may show the key, the RPCs of a session.
        var profile = await ProfileTextAsync(acs);
        Assert.Contains($">{SipPassword}</Password_1_>", profile, StringComparison.Ordinal);
        Assert.Contains($">{AcsPassword}</ACS_Password>", profile, StringComparison.Ordinal);
        Assert.Equal(spcKey, (string?)(await acs.GetJsonAsync(SecureProvisioningApi.Path(OtherId) + "?includeKey=true"))["key"]);
        Assert.Equal(200, (await cpe.InformAsync("6 CONNECTION REQUEST")).Status);
        var download = await cpe.EmptyAsync();
        Assert.Equal("Download", download.Method);
        Assert.Contains($"<Password>{FirmwarePassword}</Password>", download.Body, StringComparison.Ordinal);
        var set = await cpe.AnswerAsync(download,
            "<cwmp:DownloadResponse><Status>1</Status><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:DownloadResponse>");
        Assert.Equal("SetParameterValues", set.Method);
        Assert.Contains(TaskSipPassword, set.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(set, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>")).Status);

        // The applied value is stored (encrypted) and read back in plaintext by the server; the API masks it.
        var stored = await acs.App.Services.GetRequiredService<ParameterStore>().ListAsync(cpe.DeviceId, AuthPasswordPath);
        Assert.Equal(TaskSipPassword, Assert.Single(stored).Value);
        var shown = (await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix={AuthPasswordPath}")).AsArray();
        Assert.Equal("********", (string?)Assert.Single(shown)!["value"]);
        await AssertNotInDatabaseAsync(acs, TaskSipPassword);
    }

    [Fact]
    public async Task A_plaintext_database_from_before_is_encrypted_in_place_at_start_and_still_serves_its_secrets()
    {
        var data = Directory.CreateTempSubdirectory("acs-secrets-tests-").FullName;
        var database = AcsDatabase.FromOptions(new AcsOptions { DataDirectory = data });
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync($$"""
                INSERT INTO config_values (scope_kind, scope_key, name, value, updated) VALUES
                    ('device', '{{ConfigApi.DeviceId}}', 'Password_1_', '{{SipPassword}}', 1),
                    ('device', '{{ConfigApi.DeviceId}}', 'GPP_C', 'visible', 1),
                    ('device', '{{ConfigApi.DeviceId}}', '_encryptionKey', '{{EncryptionKey}}', 1);
                INSERT INTO devices (id, oui, product_class, serial_number, manufacturer, mac_address, first_seen, last_inform)
                    VALUES ('{{ConfigApi.DeviceId}}', '00562B', 'CP-8841-3PCC', '{{ConfigApi.Serial}}', 'Cisco', '{{ConfigApi.Mac}}', 1, 1),
                           ('{{OtherId}}', '0023EB', 'CP-8841-3PCC', '{{OtherSerial}}', 'Cisco', '{{OtherMac}}', 1, 1);
                INSERT INTO secure_provisioning (device_id, directory, key_text, generation, created)
                    VALUES ('{{OtherId}}', 'AAAAAAAAAAAAAAAAAAAAAAAA', '{{new string('a', 64)}}', 1, 1);
                INSERT INTO connection_request_credentials (device_id, username, password, updated)
                    VALUES ('{{ConfigApi.DeviceId}}', 'cr', '{{InformedPassword}}', 1);
                INSERT INTO device_parameters (device_id, name, value, type, updated)
                    VALUES ('{{ConfigApi.DeviceId}}', '{{AuthPasswordPath}}', '{{AcsPassword}}', 'xsd:string', 1);
                INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires)
                    VALUES ('00D09E-CP-8841-3PCC-OLD001', 'setParameterValues',
                            '{"parameterValues":[{"name":"{{AuthPasswordPath}}","value":"{{TaskSipPassword}}","type":"xsd:string"}]}',
                            'queued', 0, 1, 4102444800000);
                INSERT INTO tasks (id, device_id, type, payload, status, attempts, created, expires, result)
                    VALUES (1000, '{{ConfigApi.DeviceId}}', 'getParameterValues', '{"parameterNames":["Device."]}', 'done', 1, 1, 2,
                            '{"values":[{"name":"Device.ManagementServer.Password","value":"{{ResultPassword}}"}]}');
                """);
        }
        SqliteConnection.ClearAllPools();

        await using var acs = await TestAcs.StartAsync(o => o.Provisioning.UnverifiedSecrets = UnverifiedSecretsMode.EncryptPerDevice, dataDirectory: data);
        await AssertNotInDatabaseAsync(acs, SipPassword, EncryptionKey, new string('a', 64), InformedPassword, AcsPassword, TaskSipPassword, ResultPassword);
        Assert.Contains("visible", await DatabaseTextAsync(acs), StringComparison.Ordinal);

        // A second start finds nothing left to do and reads the same secrets.
        await acs.RestartAsync();
        Assert.Contains($">{SipPassword}</Password_1_>", await ProfileTextAsync(acs), StringComparison.Ordinal);
        Assert.Equal(new string('a', 64), (string?)(await acs.GetJsonAsync(SecureProvisioningApi.Path(OtherId) + "?includeKey=true"))["key"]);
        var devices = acs.App.Services.GetRequiredService<DeviceStore>();
        var (crUsername, crPassword, _) = await devices.GetConnectionRequestCredentialsAsync(ConfigApi.DeviceId);
        Assert.Equal(("cr", InformedPassword), (crUsername, crPassword));
        var parameters = await acs.App.Services.GetRequiredService<ParameterStore>().ListAsync(ConfigApi.DeviceId, AuthPasswordPath);
        Assert.Equal(AcsPassword, Assert.Single(parameters).Value);
        Assert.Contains(ResultPassword, (await acs.App.Services.GetRequiredService<TaskStore>().GetAsync(1000))!.Result, StringComparison.Ordinal);

        using var old = acs.Cpe(serial: "OLD001", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await old.InformAsync("1 BOOT")).Status);
        var set = await old.EmptyAsync();
        Assert.Equal("SetParameterValues", set.Method);
        Assert.Contains(TaskSipPassword, set.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plaintext_table_larger_than_one_batch_is_encrypted_whole()
    {
        var data = Directory.CreateTempSubdirectory("acs-secrets-tests-").FullName;
        var database = AcsDatabase.FromOptions(new AcsOptions { DataDirectory = data });
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        var rows = (SecretsAtRestMigration.BatchSize * 2) + 7;
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < rows; i++)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO config_values (scope_kind, scope_key, name, value, updated) VALUES ('device', @Key, 'Password_1_', @Value, 1);
                    INSERT INTO device_parameters (device_id, name, value, type, updated) VALUES (@Key, @Name, @Value, 'xsd:string', 1);
                    INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires) VALUES (@Key, 'reboot', @Value, 'done', 1, 1, 2);
                    """, new { Key = $"dev-{i:D5}", Name = AuthPasswordPath, Value = $"{{\"p\":\"plain-{i}\"}}" }, transaction);
            }
            await transaction.CommitAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var acs = await TestAcs.StartAsync(dataDirectory: data);

        await using var check = await database.OpenAsync();
        foreach (var (table, column) in new[] { ("config_values", "value"), ("device_parameters", "value"), ("tasks", "payload") })
        {
            Assert.Equal(0L, await check.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {column} NOT LIKE 'dp1:%'"));
            Assert.Equal((long)rows, await check.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
        Assert.DoesNotContain("plain-", await DatabaseTextAsync(acs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_of_the_database_without_its_keys_reveals_no_secret_and_the_ACS_refuses_to_start_saying_why()
    {
        string copy;
        await using (var acs = await TestAcs.StartAsync())
        {
            await ConfigApi.PreRegisterAsync(acs);
            await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", $$"""{"Password_1_":"{{SipPassword}}"}""");
            // Only a configuration secret: the start-up check must find it there too.
            await acs.StopAsync();
            SqliteConnection.ClearAllPools();
            copy = Directory.CreateTempSubdirectory("acs-secrets-copy-").FullName;
            foreach (var file in Directory.GetFiles(acs.DataDirectory, "acs.db*"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }
        }
        Assert.False(Directory.Exists(Path.Combine(copy, "keys")));
        Assert.DoesNotContain(SipPassword, await FilesTextAsync(copy), StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<SecretKeyRingException>(() => TestAcs.StartAsync(dataDirectory: copy));
        Assert.Contains(Path.Combine(copy, "keys"), refused.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the keys directory", refused.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Directory.Delete(copy, recursive: true);
    }

    [Fact]
    public async Task A_secret_that_no_longer_decrypts_is_a_503_problem_that_says_how_to_fix_it()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", $$"""{"Password_1_":"{{SipPassword}}"}""");
        var database = acs.App.Services.GetRequiredService<AcsDatabase>();
        await using (var connection = await database.OpenAsync())
        {
            // What a key ring swapped under a running node looks like: a protected value no key in the ring opens.
            await connection.ExecuteAsync("UPDATE config_values SET value = 'dp1:CfDJ8AAAAAAAAAAAAAAAAAAAAAA' WHERE name = 'Password_1_'");
        }

        var (status, problem, response) = await acs.SendJsonAsync(HttpMethod.Get, $"api/config/devices/{ConfigApi.DeviceId}");

        Assert.Equal(503, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Stored secrets cannot be decrypted", (string?)problem!["title"]);
        Assert.Contains("Restore the keys directory", (string?)problem["detail"], StringComparison.Ordinal);
    }

    private static async Task AssertNotInDatabaseAsync(TestAcs acs, params string[] secrets)
    {
        var text = await DatabaseTextAsync(acs);
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"'{secret}' is stored in plaintext in acs.db or its WAL");
        }
    }

    // The database file and its write-ahead log, as `strings` would read them (SQLite stores text as UTF-8).
    private static async Task<string> DatabaseTextAsync(TestAcs acs)
    {
        await acs.App.Services.GetRequiredService<TR069Acs.Server.Devices.TelemetryWriter>().FlushAsync(CancellationToken.None);
        return await FilesTextAsync(acs.DataDirectory);
    }

    private static async Task<string> FilesTextAsync(string directory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(directory, "acs.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            text.Append(Encoding.Latin1.GetString(bytes.ToArray()));
        }
        return text.ToString();
    }

    // The device's profile over plain HTTP, decrypted with the key set at its own scope.
    private static async Task<string> ProfileTextAsync(TestAcs acs)
        => Encoding.UTF8.GetString(ProfileCodec.Decode(await acs.Files.GetByteArrayAsync($"cfg/{ConfigApi.Mac}.cfg"), EncryptionKey).Content);
}
