using System.Data;
using System.Data.Common;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Devices;

internal sealed partial class TelemetryWriter
{
    /// <summary>The writer's connection and its two prepared statements, kept for the life of the writer.</summary>
    private sealed class Batch : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbCommand _device;
        private readonly DbCommand _parameter;
        private readonly StoredSecrets _secrets;

        private Batch(DbConnection connection, SqlDialect dialect, StoredSecrets secrets)
        {
            _connection = connection;
            _secrets = secrets;
            _device = Command(connection, dialect.UpsertDeviceFromInform,
                "Id", "Oui", "ProductClass", "SerialNumber", "Manufacturer", "SoftwareVersion", "HardwareVersion",
                "MacAddress", "ConnectionRequestUrl", "RemoteAddress", "CwmpVersion", "LastEvents", "Time");
            _parameter = Command(connection, dialect.UpsertParameterValue, "DeviceId", "Name", "Value", "Type", "Updated");
        }

        public static async Task<Batch> OpenAsync(AcsDatabase database, StoredSecrets secrets)
            => new(await database.OpenAsync(), database.Dialect, secrets);

        public void Commit(List<InformTelemetry> batch)
        {
            using var transaction = _connection.BeginTransaction();
            _device.Transaction = transaction;
            _parameter.Transaction = transaction;
            var d = _device.Parameters;
            var p = _parameter.Parameters;
            foreach (var t in batch)
            {
                d[0].Value = t.DeviceId;
                d[1].Value = t.Identity.Oui;
                d[2].Value = t.Identity.ProductClass;
                d[3].Value = t.Identity.SerialNumber;
                d[4].Value = t.Identity.Manufacturer;
                d[5].Value = (object?)t.SoftwareVersion ?? DBNull.Value;
                d[6].Value = (object?)t.HardwareVersion ?? DBNull.Value;
                d[7].Value = (object?)t.MacAddress ?? DBNull.Value;
                d[8].Value = (object?)t.ConnectionRequestUrl ?? DBNull.Value;
                d[9].Value = (object?)t.RemoteAddress ?? DBNull.Value;
                d[10].Value = t.CwmpVersion;
                d[11].Value = t.EventsJson;
                d[12].Value = t.Time;
                _device.ExecuteNonQuery();

                p[0].Value = t.DeviceId;
                p[4].Value = t.Time;
                foreach (var parameter in t.ChangedParameters)
                {
                    p[1].Value = parameter.Name;
                    // A CPE may inform a password parameter (most report it empty): never stored in plaintext.
                    p[2].Value = (object?)_secrets.ProtectParameter(parameter.Name, parameter.Value) ?? DBNull.Value;
                    p[3].Value = parameter.Type;
                    _parameter.ExecuteNonQuery();
                }
            }
            transaction.Commit();
            _device.Transaction = null;
            _parameter.Transaction = null;
        }

        private static DbCommand Command(DbConnection connection, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        public void Dispose()
        {
            _device.Dispose();
            _parameter.Dispose();
            _connection.Dispose();
        }
    }
}
