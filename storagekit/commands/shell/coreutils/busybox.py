"""BusyBox's usage texts, which it prints after an option or operand error (``ls --bogus``, ``rm`` alone)."""

BANNER = "BusyBox v1.36.1 multi-call binary.\n\n"

USAGE = {
    'cat': (
        'Usage: cat [-nbvteA] [FILE]...\n'
        '\n'
        'Print FILEs to stdout\n'
        '\n'
        '\t-n\tNumber output lines\n'
        '\t-b\tNumber nonempty lines\n'
        '\t-v\tShow nonprinting characters as ^x or M-x\n'
        '\t-t\t...and tabs as ^I\n'
        '\t-e\t...and end lines with $\n'
        '\t-A\tSame as -vte\n'
    ),
    'ls': (
        'Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n'
        '\n'
        'List directory contents\n'
        '\n'
        '\t-1\tOne column output\n'
        '\t-a\tInclude names starting with .\n'
        '\t-A\tLike -a, but exclude . and ..\n'
        '\t-x\tList by lines\n'
        '\t-d\tList directory names, not contents\n'
        '\t-L\tFollow symlinks\n'
        '\t-H\tFollow symlinks on command line\n'
        '\t-R\tRecurse\n'
        '\t-p\tAppend / to directory names\n'
        '\t-F\tAppend indicator (one of */=@|) to names\n'
        '\t-l\tLong format\n'
        '\t-i\tList inode numbers\n'
        '\t-n\tList numeric UIDs and GIDs instead of names\n'
        '\t-s\tList allocated blocks\n'
        '\t-lc\tList ctime\n'
        '\t-lu\tList atime\n'
        '\t--full-time\tList full date/time\n'
        '\t-h\tHuman readable sizes (1K 243M 2G)\n'
        '\t--group-directories-first\n'
        '\t-S\tSort by size\n'
        '\t-X\tSort by extension\n'
        '\t-v\tSort by version\n'
        '\t-t\tSort by mtime\n'
        '\t-tc\tSort by ctime\n'
        '\t-tu\tSort by atime\n'
        '\t-r\tReverse sort order\n'
        '\t-w N\tFormat N columns wide\n'
        '\t--color[={always,never,auto}]\n'
    ),
    'rm': (
        'Usage: rm [-irf] FILE...\n'
        '\n'
        'Remove (unlink) FILEs\n'
        '\n'
        '\t-i\tAlways prompt before removing\n'
        '\t-f\tNever prompt\n'
        '\t-R,-r\tRecurse\n'
    ),
    'mkdir': (
        'Usage: mkdir [-m MODE] [-p] DIRECTORY...\n'
        '\n'
        'Create DIRECTORY\n'
        '\n'
        '\t-m MODE\tMode\n'
        '\t-p\tNo error if exists; make parent directories as needed\n'
    ),
    'cp': (
        'Usage: cp [-arPLHpfinlsTu] SOURCE DEST\n'
        'or: cp [-arPLHpfinlsu] SOURCE... { -t DIRECTORY | DIRECTORY }\n'
        '\n'
        'Copy SOURCEs to DEST\n'
        '\n'
        '\t-a\tSame as -dpR\n'
        '\t-R,-r\tRecurse\n'
        '\t-d,-P\tPreserve symlinks (default if -R)\n'
        '\t-L\tFollow all symlinks\n'
        '\t-H\tFollow symlinks on command line\n'
        '\t-p\tPreserve file attributes if possible\n'
        '\t-f\tOverwrite\n'
        '\t-i\tPrompt before overwrite\n'
        "\t-n\tDon't overwrite\n"
        '\t-l,-s\tCreate (sym)links\n'
        '\t-T\tRefuse to copy if DEST is a directory\n'
        '\t-t DIR\tCopy all SOURCEs into DIR\n'
        '\t-u\tCopy only newer files\n'
    ),
    'mv': (
        'Usage: mv [-finT] SOURCE DEST\n'
        'or: mv [-fin] SOURCE... { -t DIRECTORY | DIRECTORY }\n'
        '\n'
        'Rename SOURCE to DEST, or move SOURCEs to DIRECTORY\n'
        '\n'
        "\t-f\tDon't prompt before overwriting\n"
        '\t-i\tInteractive, prompt before overwrite\n'
        "\t-n\tDon't overwrite an existing file\n"
        '\t-T\tRefuse to move if DEST is a directory\n'
        '\t-t DIR\tMove all SOURCEs into DIR\n'
    ),
}


def usage(applet: str) -> str:
    return BANNER + USAGE.get(applet, f"Usage: {applet} [OPTIONS]\n")
