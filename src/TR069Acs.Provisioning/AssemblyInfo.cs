namespace TR069Acs.Provisioning;
