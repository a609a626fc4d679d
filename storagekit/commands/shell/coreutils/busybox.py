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
    'grep': (
        'Usage: grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n'
        '\n'
        'Search for PATTERN in FILEs (or stdin)\n'
        '\n'
        "\t-H\tAdd 'filename:' prefix\n"
        "\t-h\tDo not add 'filename:' prefix\n"
        "\t-n\tAdd 'line_no:' prefix\n"
        '\t-l\tShow only names of files that match\n'
        "\t-L\tShow only names of files that don't match\n"
        '\t-c\tShow only count of matching lines\n'
        '\t-o\tShow only the matching part of line\n'
        '\t-q\tQuiet. Return 0 if PATTERN is found, 1 otherwise\n'
        '\t-v\tSelect non-matching lines\n'
        '\t-s\tSuppress open and read errors\n'
        '\t-r\tRecurse\n'
        '\t-R\tRecurse and dereference symlinks\n'
        '\t-i\tIgnore case\n'
        '\t-w\tMatch whole words only\n'
        '\t-x\tMatch whole lines only\n'
        '\t-F\tPATTERN is a literal (not regexp)\n'
        '\t-E\tPATTERN is an extended regexp\n'
        '\t-z\tNUL terminated input\n'
        '\t-m N\tMatch up to N times per file\n'
        '\t-A N\tPrint N lines of trailing context\n'
        '\t-B N\tPrint N lines of leading context\n'
        "\t-C N\tSame as '-A N -B N'\n"
        '\t-e PTRN\tPattern to match\n'
        '\t-f FILE\tRead pattern from file\n'
    ),
    'awk': (
        'Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n'
        '\n'
        '\t-v VAR=VAL\tSet variable\n'
        '\t-F SEP\t\tUse SEP as field separator\n'
        '\t-f FILE\t\tRead program from FILE\n'
        '\t-e AWK_PROGRAM\n'
    ),
    'tar': (
        'Usage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [FILE]...\n'
        '\n'
        'Create, extract, or list files from a tar file\n'
        '\n'
        '\tc\tCreate\n'
        '\tx\tExtract\n'
        '\tt\tList\n'
        "\t-f FILE\tName of TARFILE ('-' for stdin/out)\n"
        '\t-C DIR\tChange to DIR before operation\n'
        '\t-v\tVerbose\n'
        '\t-O\tExtract to stdout\n'
        "\t-m\tDon't restore mtime\n"
        "\t-o\tDon't restore user:group\n"
        "\t-k\tDon't replace existing files\n"
        '\t-Z\t(De)compress using compress\n'
        '\t-z\t(De)compress using gzip\n'
        '\t-J\t(De)compress using xz\n'
        '\t-j\t(De)compress using bzip2\n'
        '\t--lzma\t(De)compress using lzma\n'
        '\t-a\t(De)compress based on extension\n'
        '\t-h\tFollow symlinks\n'
        '\t--overwrite\t\tReplace existing files\n'
        '\t--strip-components NUM\tNUM of leading components to strip\n'
        "\t--no-recursion\t\tDon't descend in directories\n"
        '\t--numeric-owner\t\tUse numeric user:group\n'
        "\t--no-same-permissions\tDon't restore access permissions\n"
        '\t--to-command COMMAND\tPipe files to COMMAND\n'
    ),
    'shuf': (
        'Usage: shuf [-n NUM] [-o FILE] [-z] [FILE | -e [ARG...] | -i L-H]\n'
        '\n'
        'Randomly permute lines\n'
        '\n'
        '\t-n NUM\tOutput at most NUM lines\n'
        '\t-o FILE\tWrite to FILE, not standard output\n'
        '\t-z\tNUL terminated output\n'
        '\t-e\tTreat ARGs as lines\n'
        '\t-i L-H\tTreat numbers L-H as lines\n'
    ),
    'date': (
        'Usage: date [OPTIONS] [+FMT] [[-s] TIME]\n'
        '\n'
        'Display time (using +FMT), or set time\n'
        '\n'
        "\t-u\t\tWork in UTC (don't convert to local time)\n"
        '\t[-s] TIME\tSet time to TIME\n'
        "\t-d TIME\t\tDisplay TIME, not 'now'\n"
        '\t-D FMT\t\tFMT (strptime format) for -s/-d TIME conversion\n'
        '\t-r FILE\t\tDisplay last modification time of FILE\n'
        '\t-R\t\tOutput RFC-2822 date\n'
        '\t-I[SPEC]\tOutput ISO-8601 date\n'
        '\t\t\tSPEC=date (default), hours, minutes, seconds or ns\n'
        '\n'
        'Recognized TIME formats:\n'
        '\t@seconds_since_1970\n'
        '\thh:mm[:ss]\n'
        '\t[YYYY.]MM.DD-hh:mm[:ss]\n'
        '\tYYYY-MM-DD hh:mm[:ss]\n'
        '\t[[[[[YY]YY]MM]DD]hh]mm[.ss]\n'
        "\t'date TIME' form accepts MMDDhhmm[[YY]YY][.ss] instead\n"
    ),
}


def usage(applet: str) -> str:
    return BANNER + USAGE.get(applet, f"Usage: {applet} [OPTIONS]\n")
