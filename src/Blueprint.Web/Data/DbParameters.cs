using System.Data.Common;

namespace Blueprint.Web.Data;

/// <summary>Parameters of hand-written commands (bulk inserts, the audit's commit step).</summary>
public static class DbParameters
{
    /// <summary>Adds a parameter named <paramref name="name"/> (with its @) and returns it.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
