namespace TR069Acs.Server;
