using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Blueprint.Web.Data;

/// <summary>Marks every DateTime read from the database as UTC (PostgreSQL's timestamptz insists on it).</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
