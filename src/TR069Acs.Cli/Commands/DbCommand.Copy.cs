using System.CommandLine;
using System.Diagnostics;
using TR069Acs.Server.Storage.Copy;

namespace TR069Acs.Cli.Commands;

internal static partial class DbCommand
{
    private static Command Copy()
    {
        var from = new Option<string>("--from") { Description = "The database to copy, provider:connection string as acs serve --db takes it, e.g. 'sqlite:Data Source=/var/lib/acs/acs.db'.", Required = true };
        var to = new Option<string>("--to") { Description = "The database to fill, e.g. 'postgres:Host=db1;Username=acs;Database=acs' (leave the password out and set PGPASSWORD, so it is not on the command line). Its migrations are applied first.", Required = true };
        var intoNonEmpty = new Option<bool>("--into-non-empty") { Description = "Copy into a target that already holds rows: rows whose primary key is there are kept as they are (and reported when they differ); the others are added." };
        var fromData = new Option<string?>("--from-data") { Description = "The source install's data directory (firmware/, keys/). Default: the directory of a SQLite source." };
        var toData = new Option<string?>("--to-data") { Description = "The data directory of the node that will serve the target: the key ring goes there. Default: the directory of a SQLite target." };
        var fromKeys = new Option<string?>("--from-keys-dir") { Description = "The source's Acs:KeysDirectory when it is not FROM-DATA/keys." };
        var toKeys = new Option<string?>("--to-keys-dir") { Description = "The target nodes' Acs:KeysDirectory when it is not TO-DATA/keys." };
        var command = new Command("copy", """
            Copy everything an install holds (devices, parameters, tasks, faults, configuration, tags, secure provisioning,
            activation codes, syslog, firmware and its files, campaigns, Quartz schedules, operators, tokens, audit, CPE
            credentials) into an EMPTY database of any provider, e.g. from the embedded SQLite to PostgreSQL. The source is
            read as one snapshot (a running acs serve keeps serving; stop it first for the final copy, or its later writes are
            not in the copy). Every table is verified by row count and checksum. An interrupted copy resumes when run again.
            Secrets are copied encrypted as stored: the target's nodes need the source's key ring (Acs:KeysDirectory).
            """) { from, to, intoNonEmpty, fromData, toData, fromKeys, toKeys };
        command.SetAction(async (result, cancellationToken) =>
        {
            PrivateFiles.Apply();
            var view = new CopyProgressView(Console.Out, !Console.IsOutputRedirected);
            return await RunAsync(async () =>
            {
                var copy = await AcsDatabaseCopy.CopyAsync(new DbCopyOptions
                {
                    From = result.GetValue(from)!,
                    To = result.GetValue(to)!,
                    IntoNonEmpty = result.GetValue(intoNonEmpty),
                    FromDataDirectory = result.GetValue(fromData),
                    ToDataDirectory = result.GetValue(toData),
                    FromKeysDirectory = result.GetValue(fromKeys),
                    ToKeysDirectory = result.GetValue(toKeys),
                }, view.Report, cancellationToken);
                view.Finish();
                foreach (var warning in copy.Warnings)
                {
                    await Console.Error.WriteLineAsync("acs db copy: warning: " + warning);
                }
                var rows = copy.Tables.Sum(t => t.SourceRows);
                if (!copy.Verified)
                {
                    foreach (var t in copy.Tables.Where(t => !t.Verified))
                    {
                        await Console.Error.WriteLineAsync($"acs db copy: {t.Table} does not match: source {t.SourceRows:N0} rows (checksum {t.SourceChecksum[..16]}), "
                            + $"target {t.TargetRows:N0} rows (checksum {t.TargetChecksum[..16]}), {t.Differing:N0} kept rows differ.");
                    }
                    throw new InvalidOperationException($"the copy to {copy.Target} is not verified (see above); run it again to resume.");
                }
                Console.WriteLine($"copied {rows:N0} {(rows == 1 ? "row" : "rows")} in {copy.Tables.Count} tables and {copy.FirmwareFiles} firmware {(copy.FirmwareFiles == 1 ? "image" : "images")} from {copy.Source} to {copy.Target}"
                    + (copy.Resumed ? " (resumed an interrupted copy)" : "") + (copy.IntoNonEmpty ? " (into a non-empty target)" : "")
                    + "; every table verified by row count and checksum.");
            });
        });
        return command;
    }

    /// <summary>Progress of a copy: one line rewritten in place on a terminal (table, rows/total, rate); plain lines when
    /// the output is a file or a pipe (a line per table, and every five seconds during a long one).</summary>
    private sealed class CopyProgressView(TextWriter output, bool terminal)
    {
        private readonly Stopwatch _table = new();
        private readonly Stopwatch _lastLine = Stopwatch.StartNew();
        private string? _current;
        private int _width;

        public void Report(DbCopyProgress p)
        {
            if (p.Table != _current)
            {
                _current = p.Table;
                _table.Restart();
            }
            var rate = _table.Elapsed.TotalSeconds > 0.2 ? p.Rows / _table.Elapsed.TotalSeconds : 0;
            var stage = p.Stage switch { DbCopyStage.Copying => "copying", DbCopyStage.Verifying => "verifying", _ => "done" };
            var line = $"[{p.Index}/{p.Tables}] {p.Table,-28} {stage,-9} {p.Rows,12:N0}/{p.Total:N0} rows" + (rate > 0 ? $"  {rate:N0} rows/s" : "");
            if (terminal)
            {
                if (p.Stage != DbCopyStage.Done && _lastLine.ElapsedMilliseconds < 100)
                {
                    return;
                }
                output.Write("\r" + line.PadRight(_width));
                _width = line.Length;
                if (p.Stage == DbCopyStage.Done)
                {
                    output.WriteLine();
                    _width = 0;
                }
                _lastLine.Restart();
            }
            else if (p.Stage == DbCopyStage.Done || _lastLine.Elapsed.TotalSeconds >= 5)
            {
                output.WriteLine(line);
                _lastLine.Restart();
            }
        }

        public void Finish()
        {
            if (terminal && _width > 0)
            {
                output.WriteLine();
            }
        }
    }
}
