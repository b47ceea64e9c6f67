using System.Text.Json.Serialization;
using Blueprint.Web.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Notifications;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum NotificationKind
{
    NewAssignment = 0,
    FeedbackDue = 1,
    Overdue = 2,
    Returned = 3,
    Approved = 4,
    ExtensionAnswered = 5,
    FeedbackMissed = 6,
    General = 9,

    /// <summary>A submission waits for the reader's approval.</summary>
    Submitted = 10,

    /// <summary>The reader's submission was accepted by the office.</summary>
    Accepted = 11,

    /// <summary>A problem waits for the reader's unit to answer it.</summary>
    ProblemRaised = 20,

    /// <summary>A problem the reader raised was answered.</summary>
    ProblemAnswered = 21,

    /// <summary>催报 / 催办: a month not yet reported, or a supervision item the office presses for.</summary>
    Reminder = 22,
}

/// <summary>
/// An inbox entry for one user. <see cref="DedupKey"/> is unique so that a job run on several
/// nodes at once cannot notify the same thing twice.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    public NotificationKind Kind { get; set; }
    /// <summary>The words in the language of whoever caused the notification: for e-mail, and for rows without <see cref="TextKey"/>.</summary>
    public required string Title { get; set; }

    /// <summary>The resource key of the words; the inbox renders it with <see cref="TextArgs"/> in the reader's language (<see cref="NoticeText"/>).</summary>
    public string? TextKey { get; set; }

    /// <summary>The key's arguments as JSON (<see cref="NoticeText.ArgsJson"/>).</summary>
    public string? TextArgs { get; set; }
    public string? Link { get; set; }
    public string? DedupKey { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }

    /// <summary>
    /// When the mailer took this notification for e-mail (sent, or skipped for want of an
    /// address); null while it waits. Claimed by a conditional update, so two nodes never mail
    /// the same notification.
    /// </summary>
    public DateTime? EmailedAtUtc { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Title).HasMaxLength(300);
        b.Property(n => n.Link).HasMaxLength(300);
        b.Property(n => n.TextKey).HasMaxLength(100);
        b.Property(n => n.TextArgs).HasMaxLength(4000);
        b.Property(n => n.DedupKey).HasMaxLength(200);
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.UserId, n.ReadAtUtc });
        b.HasIndex(n => new { n.EmailedAtUtc, n.CreatedAtUtc });
        b.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId);
    }
}
