using System.Globalization;
using System.Text;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>Turns a value as the source's provider returned it into what the target's column takes: SQLite keeps flags
/// as integers where PostgreSQL may declare BOOLEAN, integers where the target has INTEGER, text that holds a number, ….
/// A value that cannot be converted fails the copy, naming the table and column but never the value (it may be a key).</summary>
internal static class ValueConversion
{
    /// <summary>The value to bind for a column of .NET type <paramref name="type"/> (null: as read).</summary>
    /// <exception cref="InvalidOperationException">The value does not fit the target column.</exception>
    public static object ToTarget(object? value, Type? type, string table, string column)
    {
        if (value is null or DBNull)
        {
            return DBNull.Value;
        }
        if (type is null || type == typeof(object) || type.IsInstanceOfType(value))
        {
            return value;
        }
        try
        {
            if (type == typeof(bool))
            {
                return value switch
                {
                    string s when s.Trim() is "1" or "0" => s.Trim() == "1",
                    string s => bool.Parse(s),
                    _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture) != 0,
                };
            }
            if (type == typeof(string))
            {
                return value switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    float f => f.ToString("R", CultureInfo.InvariantCulture),
                    bool b => b ? "1" : "0",
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                };
            }
            if (type == typeof(byte[]) && value is string text)
            {
                return Encoding.UTF8.GetBytes(text);
            }
            if (type == typeof(Guid))
            {
                return Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            }
            if (value is bool flag)
            {
                return Convert.ChangeType(flag ? 1 : 0, type, CultureInfo.InvariantCulture);
            }
            return Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{table}.{column}: a {value.GetType().Name} value of the source does not fit the target's {type.Name} column ({e.GetType().Name}).", e);
        }
    }
}
