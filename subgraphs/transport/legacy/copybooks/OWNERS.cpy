      *================================================================*
      * OWNERS    - REGISTERED OWNERS OF VEHICLES, NIGHTLY EXTRACT     *
      * DSN GOV.TRN.VEHOWN.EXTRACT(+1)  RECFM=VB  RDW RETAINED ON FTP  *
      * ONE DETAIL RECORD PER VEHICLE AND OWNER. KEY: REG-NO, PERSON.  *
      *================================================================*
       01  OWN-HEADER-REC.
           05  OWN-HDR-TYPE              PIC X       VALUE 'H'.
           05  OWN-HDR-FILE-ID           PIC X(8)    VALUE 'OWNERS'.
           05  OWN-HDR-EXPORT-DATE       PIC 9(8).
       01  OWN-DETAIL-REC.
           05  OWN-REC-TYPE              PIC X       VALUE 'D'.
           05  OWN-REG-NO                PIC X(10).
           05  OWN-PERSON-CODE           PIC X(11).
           05  OWN-ROLE                  PIC X       VALUE 'O'.
               88  OWN-ROLE-OWNER                    VALUE 'O'.
               88  OWN-ROLE-KEEPER                   VALUE 'K'.
           05  OWN-SINCE-DATE            PIC 9(8).
           05  FILLER                    PIC X(9).
       01  OWN-TRAILER-REC.
           05  OWN-TRL-TYPE              PIC X       VALUE 'T'.
           05  OWN-TRL-RECORD-COUNT      PIC 9(9).
