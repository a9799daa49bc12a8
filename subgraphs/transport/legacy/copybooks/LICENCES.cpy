      *================================================================*
      * LICENCES  - DRIVING LICENCE REGISTER, NIGHTLY EXTRACT          *
      * DSN GOV.TRN.DRVLIC.EXTRACT(+1)  RECFM=VB  RDW RETAINED ON FTP  *
      * UP TO 8 CATEGORIES; LIC-CATEGORY-COUNT SAYS HOW MANY ARE USED. *
      *================================================================*
       01  LIC-HEADER-REC.
           05  LIC-HDR-TYPE              PIC X       VALUE 'H'.
           05  LIC-HDR-FILE-ID           PIC X(8)    VALUE 'LICENCES'.
           05  LIC-HDR-EXPORT-DATE       PIC 9(8).
       01  LIC-DETAIL-REC.
           05  LIC-REC-TYPE              PIC X       VALUE 'D'.
           05  LIC-PERSON-CODE           PIC X(11).
           05  LIC-NUMBER                PIC X(12).
           05  LIC-VALID-UNTIL-DATE      PIC 9(8).
           05  LIC-PENALTY-POINTS        PIC S9(3).
           05  LIC-CATEGORY-COUNT        PIC 9(2).
           05  LIC-CATEGORY              OCCURS 8 TIMES.
               10  LIC-CAT-CODE          PIC X(3).
               10  LIC-CAT-VALID-DATE    PIC 9(8).
           05  FILLER                    PIC X(6).
       01  LIC-TRAILER-REC.
           05  LIC-TRL-TYPE              PIC X       VALUE 'T'.
           05  LIC-TRL-RECORD-COUNT      PIC 9(9).
