using System.ComponentModel.DataAnnotations;
using Agent.Activities.Schedule;

namespace Agent.Server.Backup;

/// <summary>Where backups are kept and how often <c>agent serve</c> makes one (configuration section <c>Backup</c>).</summary>
public sealed class BackupOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Backup";

    /// <summary>The default backup folder, relative to the content root: beside the data directory, not inside it.</summary>
    public const string DefaultDirectory = ".backups";

    /// <summary>
    /// The folder holding one sub-folder per backup; relative paths resolve against the content root. It must not lie
    /// inside the data directory, so that losing the data directory keeps the backups.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "name the folder for backups, e.g. .backups (outside the data directory).")]
    public string Directory { get; set; } = DefaultDirectory;

    /// <summary>Whether <c>agent serve</c> makes backups on <see cref="Schedule"/>.</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>When <c>agent serve</c> makes a backup: a cron expression (five fields, or six with seconds first); default daily at 03:00.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "give a cron expression such as '0 3 * * *' (daily at 03:00).")]
    public string Schedule { get; set; } = "0 3 * * *";

    /// <summary>How many of the newest backups the scheduled job keeps; older ones are deleted after each scheduled backup.</summary>
    [Range(1, 10_000, ErrorMessage = "keep at least 1 backup, e.g. 7.")]
    public int Retain { get; set; } = 7;

    /// <summary>The folder of <c>pg_dump</c> and <c>pg_restore</c>; unset = the PATH, then the newest /usr/lib/postgresql/*/bin.</summary>
    public string? PostgresBinDirectory { get; set; }
}

/// <summary>Checks what data annotations cannot: that <see cref="BackupOptions.Schedule"/> is a cron expression the scheduler accepts.</summary>
public sealed class BackupOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<BackupOptions>
{
    /// <inheritdoc />
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        var results = new List<ValidationResult>();
        var errors = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? []
            : results.Select(r => $"{BackupOptions.SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        if (options.ScheduleEnabled && !string.IsNullOrWhiteSpace(options.Schedule))
        {
            try { QuartzCron.Translate(options.Schedule, "Backup:Schedule"); }
            catch (ScheduleException e) { errors.Add($"{BackupOptions.SectionName}:Schedule: {e.Message}"); }
        }
        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
