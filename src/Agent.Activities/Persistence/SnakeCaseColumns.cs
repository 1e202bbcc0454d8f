using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Persistence;

/// <summary>
/// Names every column of a model in snake_case (<c>ApprovalId</c> → <c>approval_id</c>), the names the raw-SQL stores'
/// tables always had; lower case also means PostgreSQL finds them from unquoted SQL.
/// </summary>
internal static class SnakeCaseColumns
{
    /// <summary>Renames the columns of every entity of <paramref name="modelBuilder"/> that has no explicit name.</summary>
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                if (property.FindAnnotation("Relational:ColumnName") is null) property.SetColumnName(Of(property.Name));
    }

    /// <summary>The snake_case form of a PascalCase name; digits stay with the word before them.</summary>
    public static string Of(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
