"""newsarchive's ``scrapy`` commands (COMMANDS_MODULE): thin, one library call each."""
