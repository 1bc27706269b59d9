namespace TR069Acs.Agent;
