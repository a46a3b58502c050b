import journal from './meta/_journal.json';
import m0000 from './0000_init.sql';
import m0001 from './0001_comparison_created_by.sql';
import m0002 from './0002_comparison_sealed_headers.sql';
import m0003 from './0003_comparison_severity_counts.sql';
import m0004 from './0004_pair_settings.sql';
import m0005 from './0005_pair_settings_sealed_headers.sql';
import m0006 from './0006_pair_settings_sides.sql';

  export default {
    journal,
    migrations: {
      m0000,
m0001,
m0002,
m0003,
m0004,
m0005,
m0006
    }
  }
  