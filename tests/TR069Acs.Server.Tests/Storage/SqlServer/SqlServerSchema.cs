using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace TR069Acs.Server.Tests.Storage.SqlServer;

/// <summary>The tables, columns and indexes the SQL Server migrations create, read from their parse trees.</summary>
internal sealed class SqlServerSchema : TSqlFragmentVisitor
{
    /// <summary>One column: its table, name, SQL type name, length (-1 for MAX) and collation (null: the database's).</summary>
    public sealed record Column(string Table, string Name, string Type, int? Length, string? Collation, bool Computed);

    /// <summary>One index: its table, name, key columns, and whether it is unique.</summary>
    public sealed record Index(string Table, string Name, IReadOnlyList<string> Columns, bool Unique);

    public List<Column> Columns { get; } = [];

    public List<Index> Indexes { get; } = [];

    /// <summary>Primary keys and unique constraints, as indexes named after their constraint; Clustered tells which one
    /// orders the table (a primary key unless declared NONCLUSTERED).</summary>
    public List<(Index Index, bool Clustered)> Constraints { get; } = [];

    public HashSet<string> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static SqlServerSchema Read(IEnumerable<(string Name, string Sql)> scripts)
    {
        var schema = new SqlServerSchema();
        foreach (var (name, sql) in scripts)
        {
            TSql.Parse(sql, name).Accept(schema);
        }
        return schema;
    }

    public override void Visit(CreateTableStatement node)
    {
        var table = node.SchemaObjectName.BaseIdentifier.Value;
        Tables.Add(table);
        foreach (var column in node.Definition.ColumnDefinitions)
        {
            Add(table, column);
            foreach (var unique in column.Constraints.OfType<UniqueConstraintDefinition>())
            {
                AddConstraint(table, unique, [column.ColumnIdentifier.Value]);
            }
        }
        foreach (var unique in node.Definition.TableConstraints.OfType<UniqueConstraintDefinition>())
        {
            AddConstraint(table, unique, unique.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList());
        }
    }

    private void AddConstraint(string table, UniqueConstraintDefinition unique, IReadOnlyList<string> columns)
        => Constraints.Add((new Index(table, unique.ConstraintIdentifier?.Value ?? $"(unnamed {(unique.IsPrimaryKey ? "primary key" : "unique")} of {table})",
            columns, true), unique.Clustered ?? unique.IsPrimaryKey));

    public override void Visit(AlterTableAddTableElementStatement node)
    {
        var table = node.SchemaObjectName.BaseIdentifier.Value;
        foreach (var column in node.Definition.ColumnDefinitions)
        {
            Add(table, column);
        }
    }

    public override void Visit(CreateIndexStatement node)
        => Indexes.Add(new Index(node.OnName.BaseIdentifier.Value, node.Name.Value,
            node.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList(), node.Unique));

    private void Add(string table, ColumnDefinition column)
    {
        var (type, length) = column.DataType switch
        {
            SqlDataTypeReference sql => (sql.SqlDataTypeOption.ToString(), Length(sql)),
            { } other => (other.Name.BaseIdentifier.Value, (int?)null),
            null => ("computed", null),
        };
        Columns.Add(new Column(table, column.ColumnIdentifier.Value, type, length, column.Collation?.Value, column.ComputedColumnExpression is not null));
    }

    private static int? Length(SqlDataTypeReference type) => type.Parameters.Count switch
    {
        0 => null,
        _ when type.Parameters[0] is MaxLiteral => -1,
        _ => int.Parse(type.Parameters[0].Value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
