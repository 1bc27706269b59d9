using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tests.Storage.SqlServer;

/// <summary>Every statement the SQL Server dialect produces, checked without a server (issue 10 §2): it parses with
/// Microsoft's T-SQL parser, names only parameters the stores pass (those of the same statement on SQLite, which the
/// store suite runs), and pages with OFFSET/FETCH after an ORDER BY.</summary>
public sealed partial class SqlServerDialectTests
{
    private static readonly SqlServerDialect Dialect = new();
    private static readonly SqliteDialect Sqlite = new();

    /// <summary>The dialect's statements: each string property but the provider name, and the static ones of its own.</summary>
    public static TheoryData<string> Statements()
    {
        var data = new TheoryData<string>();
        foreach (var property in StatementProperties())
        {
            data.Add(property.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_parses_as_TSql(string name)
    {
        TSql.Parse(Composed(name), $"SqlServerDialect.{name}");
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_names_only_parameters_the_store_passes(string name)
    {
        var sqliteProperty = typeof(SqliteDialect).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        var parameters = TSql.Parameters(TSql.Parse(Composed(name), name));
        if (sqliteProperty is null)
        {
            // SQL Server's own statements (the migration lock) take no parameters from the caller.
            Assert.Empty(parameters);
            return;
        }
        var passed = ParameterName().Matches((string)sqliteProperty.GetValue(Sqlite)!).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        var unknown = parameters.Where(p => !passed.Contains(p)).ToList();

        Assert.True(unknown.Count == 0, $"SqlServerDialect.{name} names {string.Join(", ", unknown)}, which the store does not pass (it passes {string.Join(", ", passed.Order())}).");
    }

    [Fact]
    public void Paging_is_offset_fetch_and_needs_an_order_by()
    {
        Assert.Equal(" OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY", Dialect.Paging);
        var paged = TSql.Parse("SELECT id FROM devices WHERE id > @After ORDER BY id" + Dialect.Paging, "a paged query");
        Assert.Equal(new HashSet<string> { "@After", "@Offset", "@Limit" }, TSql.Parameters(paged));

        // Without ORDER BY SQL Server has no OFFSET: a store that forgot it fails here, not on a carrier's server.
        TSql.TryParse("SELECT id FROM devices" + Dialect.Paging, out var errors);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Generated_keys_come_from_OUTPUT_INSERTED()
    {
        foreach (var sql in new[] { Dialect.InsertTask, Dialect.InsertFault })
        {
            var insert = Assert.IsType<InsertStatement>(Single(sql));
            var output = insert.InsertSpecification.OutputClause;
            Assert.NotNull(output);
            Assert.Equal("id", Assert.IsType<ColumnReferenceExpression>(Assert.IsType<SelectScalarExpression>(Assert.Single(output.SelectColumns)).Expression)
                .MultiPartIdentifier.Identifiers[^1].Value);
        }
    }

    [Fact]
    public void Upserts_hold_the_key_range_lock()
    {
        // MERGE without HOLDLOCK checks and inserts under separate locks: two nodes upserting one new key would both see
        // it missing and one would fail on the primary key.
        foreach (var name in new[] { nameof(SqlServerDialect.UpsertDeviceFromInform), nameof(SqlServerDialect.UpsertParameterValue),
                     nameof(SqlServerDialect.UpsertParameterWritable), nameof(SqlServerDialect.UpsertParameterAttributes),
                     nameof(SqlServerDialect.UpsertConnectionRequestCredentials), nameof(SqlServerDialect.TakeLease) })
        {
            var merge = Assert.IsType<MergeStatement>(Single(Composed(name)));
            var target = Assert.IsType<NamedTableReference>(merge.MergeSpecification.Target);
            Assert.Contains(target.TableHints, h => h.HintKind is TableHintKind.HoldLock or TableHintKind.Serializable);
        }
    }

    [Fact]
    public void The_database_clock_is_unix_milliseconds_of_SYSUTCDATETIME()
    {
        var select = TSql.Parse($"SELECT {SqlServerDialect.UnixMillisecondsNow} AS now_ms", "the database clock");

        Assert.Contains(select.ScriptTokenStream, t => t.Text.Equals("SYSUTCDATETIME", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(select.ScriptTokenStream, t => t.Text.Equals("DATEDIFF_BIG", StringComparison.OrdinalIgnoreCase));
    }

    private static TSqlStatement Single(string sql)
    {
        var script = Assert.IsType<TSqlScript>(TSql.Parse(sql, "statement"));
        return Assert.Single(Assert.Single(script.Batches).Statements);
    }

    private static string Composed(string name)
    {
        var sql = (string)StatementProperties().Single(p => p.Name == name).GetValue(Dialect)!;
        // Paging is a clause: it is checked at the end of a query, where the stores append it.
        return name == nameof(SqlServerDialect.Paging) ? $"SELECT id FROM devices ORDER BY id{sql}" : sql;
    }

    private static IEnumerable<PropertyInfo> StatementProperties()
        => typeof(SqlServerDialect).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(string) && p.Name != nameof(SqlServerDialect.Provider))
            .OrderBy(p => p.Name, StringComparer.Ordinal);

    [GeneratedRegex("@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();
}
